using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Serialization;

namespace Kubernaut.KindFleet.Tests.Awx;

/// <summary>Reads the RemediationWorkflow entries in awx-playbooks/ and renders their RBAC as the hub would.</summary>
internal static partial class WorkflowCatalog
{
    public static IEnumerable<string> Names =>
        Directory.GetFiles(RepositoryPaths.Playbooks, "*.workflow.yaml").Select(f => Path.GetFileName(f)[..^".workflow.yaml".Length]).Order(StringComparer.Ordinal);

    public static JsonObject Load(string name) => ReadYaml(Path.Combine(RepositoryPaths.Playbooks, name + ".workflow.yaml"));

    public static JsonObject ReadYaml(string path)
    {
        var yaml = new DeserializerBuilder().Build().Deserialize<object>(File.ReadAllText(path));
        return (JsonObject)JsonNode.Parse(new SerializerBuilder().JsonCompatible().Build().Serialize(yaml))!;
    }

    /// <summary>
    /// The workflow's rules (or clusterRules) with <c>{{ parameter }}</c> references in resourceNames filled in;
    /// a rule whose names all resolve to empty strings is dropped, as the CRD documents.
    /// </summary>
    public static JsonArray RenderRules(JsonObject workflow, IReadOnlyDictionary<string, string> parameters, string key = "rules")
    {
        var rendered = new JsonArray();
        foreach (var rule in workflow["spec"]!["rbac"]![key]?.AsArray() ?? [])
        {
            var copy = (JsonObject)rule!.DeepClone();
            if (copy["resourceNames"] is JsonArray names)
            {
                var resolved = names.Select(n => ParameterReference().Replace(n!.GetValue<string>(), m => parameters.GetValueOrDefault(m.Groups[1].Value, ""))).ToList();
                if (resolved.All(n => n.Length == 0))
                {
                    continue;
                }

                copy["resourceNames"] = new JsonArray([.. resolved.Where(n => n.Length > 0).Select(n => (JsonNode)n)]);
            }

            rendered.Add(copy);
        }

        return rendered;
    }

    [GeneratedRegex(@"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")]
    private static partial Regex ParameterReference();
}
