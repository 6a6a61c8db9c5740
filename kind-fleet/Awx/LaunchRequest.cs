using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Kubernaut.KindFleet.Awx;

/// <summary>What a launch was allowed to set, what it asked for that the template ignores, or why it is refused.</summary>
internal sealed record LaunchDecision(JsonObject ExtraVars, IReadOnlyList<AwxCredential> Credentials, JsonObject IgnoredFields, Dictionary<string, string[]>? Errors);

/// <summary>
/// AWX's <c>_accept_or_ignore_job_kwargs</c> for the stand-in's templates: a prompt field is taken only when its
/// <c>ask_*_on_launch</c> is on and otherwise listed under <c>ignored_fields</c>; credentials must exist, be of a
/// launchable kind, not repeat a type, and cover the kinds the template needs.
/// </summary>
internal static class LaunchRequest
{
    public static LaunchDecision Evaluate(AwxJobTemplate template, JsonObject body, AwxCredentialStore credentials)
    {
        var ignored = new JsonObject();
        var errors = new Dictionary<string, string[]>();
        var extraVars = new JsonObject();
        var attached = new List<AwxCredential>();

        foreach (var (field, value) in body)
        {
            if (!AwxJobTemplate.LaunchFieldPrompts.TryGetValue(field, out var prompt))
            {
                continue;
            }

            if (!template.Prompts.Contains(prompt))
            {
                ignored[field] = value?.DeepClone();
            }
            else if (field == "extra_vars")
            {
                if (ParseExtraVars(value) is { } parsed)
                {
                    extraVars = parsed;
                }
                else
                {
                    errors["extra_vars"] = ["Must be a valid JSON or YAML dictionary."];
                }
            }
            else if (field == "credentials")
            {
                AttachCredentials(value, credentials, attached, errors);
            }
        }

        foreach (var kind in template.RequiredCredentialKinds.Where(k => errors.Count == 0 && attached.All(c => c.Type.Kind != k)))
        {
            errors["credentials"] = [$"Job Template '{template.Name}' is missing a credential of kind '{kind}'; provide one in 'credentials'."];
        }

        return new LaunchDecision(extraVars, attached, ignored, errors.Count > 0 ? errors : null);
    }

    private static void AttachCredentials(JsonNode? value, AwxCredentialStore store, List<AwxCredential> attached, Dictionary<string, string[]> errors)
    {
        if (value is not JsonArray ids)
        {
            errors["credentials"] = ["Expected a list of items."];
            return;
        }

        foreach (var node in ids)
        {
            if (!CredentialValidation.TryInt(node, out var id) || store.Find(id) is not { } credential)
            {
                errors["credentials"] = [$"Invalid pk \"{node?.ToJsonString()}\" - object does not exist."];
                return;
            }

            if (!CredentialTypes.LaunchableKinds.Contains(credential.Type.Kind))
            {
                errors["credentials"] = [$"Cannot assign a Credential of kind `{credential.Type.Kind}`."];
                return;
            }

            if (attached.Any(c => c.Type.Id == credential.Type.Id))
            {
                errors["credentials"] = [$"Cannot assign multiple {credential.Type.Name} credentials."];
                return;
            }

            attached.Add(credential);
        }
    }

    /// <summary>extra_vars may be an object, or a string holding JSON or YAML that is a mapping.</summary>
    private static JsonObject? ParseExtraVars(JsonNode? value)
    {
        switch (value)
        {
            case JsonObject obj:
                return (JsonObject)obj.DeepClone();
            case JsonValue v when v.TryGetValue<string>(out var text):
                if (string.IsNullOrWhiteSpace(text))
                {
                    return [];
                }

                try
                {
                    return JsonNode.Parse(text) as JsonObject;
                }
                catch (JsonException)
                {
                    return ParseYamlMapping(text);
                }

            default:
                return value is null ? [] : null;
        }
    }

    private static JsonObject? ParseYamlMapping(string text)
    {
        try
        {
            var yaml = new DeserializerBuilder().Build().Deserialize<object>(text);
            var json = new SerializerBuilder().JsonCompatible().Build().Serialize(yaml);
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (YamlException)
        {
            return null;
        }
    }
}
