using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kubernaut.KindFleet.Awx;

/// <summary>Validates <c>POST /credentials/</c> bodies the way AWX's CredentialSerializerCreate does.</summary>
internal static class CredentialValidation
{
    /// <summary>Returns the credential to store, or the DRF error body for a 400.</summary>
    public static (Func<int, DateTimeOffset, AwxCredential>? Create, Dictionary<string, string[]>? Errors) Validate(JsonObject body)
    {
        var errors = new Dictionary<string, string[]>();
        var name = body["name"] is JsonValue n && n.TryGetValue<string>(out var s) ? s.Trim() : "";
        if (name.Length == 0)
        {
            errors["name"] = ["This field may not be blank."];
        }

        CredentialType? type = null;
        if (!TryInt(body["credential_type"], out var typeId))
        {
            errors["credential_type"] = ["This field is required."];
        }
        else if ((type = CredentialTypes.Find(typeId)) is null)
        {
            errors["credential_type"] = [$"Invalid pk \"{typeId}\" - object does not exist."];
        }

        var owners = new[] { "organization", "user", "team" }.Where(o => body[o] is not null).ToList();
        int? organization = null, user = null;
        if (owners.Count == 0)
        {
            errors["detail"] = ["Missing 'user', 'team', or 'organization'."];
        }
        else if (owners.Count > 1)
        {
            errors["detail"] = ["Only one of 'user', 'team', or 'organization' may be given."];
        }
        else if (owners[0] == "organization")
        {
            organization = ValidatePk(body["organization"], AwxOrganizations.DefaultId, "organization", errors);
        }
        else if (owners[0] == "user")
        {
            user = ValidatePk(body["user"], AwxUsers.AdminId, "user", errors);
        }
        else
        {
            errors["team"] = [$"Invalid pk \"{body["team"]?.ToJsonString()}\" - object does not exist."];
        }

        var inputs = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (type is not null)
        {
            ValidateInputs(type, body["inputs"], inputs, errors);
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var description = body["description"] is JsonValue d && d.TryGetValue<string>(out var text) ? text : "";
        return ((id, now) => new AwxCredential(id, name, description, organization, user, null, type!, inputs, now), null);
    }

    private static void ValidateInputs(CredentialType type, JsonNode? node, Dictionary<string, JsonNode?> inputs, Dictionary<string, string[]> errors)
    {
        if (node is not null and not JsonObject)
        {
            errors["inputs"] = ["Must be an object."];
            return;
        }

        var problems = new List<string>();
        foreach (var (key, value) in (JsonObject?)node ?? [])
        {
            var field = type.Field(key);
            if (field is null)
            {
                problems.Add($"Additional properties are not allowed ('{key}' was unexpected)");
            }
            else if (field.Type == "boolean" ? value?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False) : value?.GetValueKind() is not JsonValueKind.String)
            {
                problems.Add($"{key}: {value?.ToJsonString() ?? "null"} is not of type '{field.Type}'");
            }
            else
            {
                inputs[key] = value.DeepClone();
            }
        }

        foreach (var required in type.Required.Where(r => !inputs.TryGetValue(r, out var v) || v?.GetValueKind() is JsonValueKind.String && string.IsNullOrEmpty(v.GetValue<string>())))
        {
            problems.Add($"required for {type.Name}");
        }

        if (problems.Count > 0)
        {
            errors["inputs"] = [.. problems];
        }
    }

    private static int? ValidatePk(JsonNode? node, int existing, string field, Dictionary<string, string[]> errors)
    {
        if (TryInt(node, out var id) && id == existing)
        {
            return id;
        }

        errors[field] = [$"Invalid pk \"{node?.ToJsonString()}\" - object does not exist."];
        return null;
    }

    public static bool TryInt(JsonNode? node, out int value)
    {
        value = 0;
        return node is JsonValue v && (v.TryGetValue(out value) || (v.TryGetValue<string>(out var s) && int.TryParse(s, out value)));
    }
}
