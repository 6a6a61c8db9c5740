using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Kubernaut.Hub.Workflows;

/// <summary>The RBAC a workflow run gets: its declared rules with <c>{{ name }}</c> replaced by the launch values.</summary>
internal sealed record ResolvedRbac(IReadOnlyList<PolicyRule> Rules, IReadOnlyList<PolicyRule> ClusterRules);

/// <summary>
/// Resolves <c>rbac.rules</c> / <c>rbac.clusterRules</c> for one run: each resourceNames entry's <c>{{ parameter }}</c>
/// becomes that parameter's value; a rule whose every resourceName resolves empty (an unused optional parameter) is
/// dropped rather than widened to all names.
/// </summary>
internal static partial class RbacTemplate
{
    public static ResolvedRbac Resolve(RemediationWorkflow workflow, IReadOnlyDictionary<string, JsonNode?> values) =>
        new(Resolve(workflow.Spec.Rbac.Rules, values), Resolve(workflow.Spec.Rbac.ClusterRules, values));

    private static List<PolicyRule> Resolve(IReadOnlyList<PolicyRule>? rules, IReadOnlyDictionary<string, JsonNode?> values)
    {
        var resolved = new List<PolicyRule>();
        foreach (var rule in rules ?? [])
        {
            if (rule.ResourceNames is not { Count: > 0 } names)
            {
                resolved.Add(rule);
                continue;
            }

            var concrete = names.Select(n => Substitute(n, values)).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            if (concrete.Count > 0)
            {
                resolved.Add(rule with { ResourceNames = concrete });
            }
        }

        return resolved;
    }

    /// <summary>Replaces <c>{{ name }}</c> (also <c>{{ name | int }}</c>-style filters, which are ignored) with the value's text.</summary>
    public static string Substitute(string template, IReadOnlyDictionary<string, JsonNode?> values) =>
        Placeholder().Replace(template, m => values.GetValueOrDefault(m.Groups[1].Value) switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonNode node => node.ToJsonString(),
            null => "",
        });

    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|[^}]*)?\}\}")]
    private static partial Regex Placeholder();
}
