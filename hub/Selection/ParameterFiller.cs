using System.Globalization;
using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Workflows;

namespace Kubernaut.Hub.Selection;

/// <summary>
/// Fills a workflow's parameters from the investigation's evidence-derived facts and the request's target: a fact of
/// the parameter's own name first, then the known derivations (the ConfigMap revision before the change, a memory
/// limit from the observed peak plus headroom, the replica count before the incident). Says where each value came
/// from, so the rationale can show it. Parameters nobody knows are left out (optional ones keep their defaults).
/// </summary>
internal static class ParameterFiller
{
    private const long Mi = 1024 * 1024;

    /// <summary>Parameter → the fact keys that may hold its value, most specific first.</summary>
    private static readonly Dictionary<string, string[]> Aliases = new(StringComparer.Ordinal)
    {
        ["revision"] = ["previousRevision", "lastGoodRevision", "revision"],
        ["replicas"] = ["desiredReplicas", "replicasBefore", "replicas"],
        // Not "memoryLimit": that is the limit in force (the investigation reports it), never the new one to set.
        ["memory_limit"] = ["recommendedMemoryLimit"],
        ["memory_request"] = ["recommendedMemoryRequest"],
        ["bad_image"] = ["badImage", "image"],
        ["configmap"] = ["configmap", "configMap"],
        ["statefulset"] = ["statefulset", "statefulSet"],
        ["pvc"] = ["pvc", "persistentVolumeClaim"],
        ["size"] = ["recommendedSize", "size"],
    };

    public static (Dictionary<string, string> Values, List<string> Sources) Fill(RemediationWorkflow workflow, RemediationRequest rr, SelectionOptions options)
    {
        var facts = rr.Status?.Investigation?.Facts ?? new Dictionary<string, string>();
        var target = rr.Spec.TargetResource;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var sources = new List<string>();
        foreach (var p in workflow.Spec.Parameters)
        {
            if (p.Name == "restart_token")
            {
                continue; // set at launch: the request's id, so a re-run restarts once
            }

            var (value, source) = FromFacts(p.Name, facts) ?? Derived(p.Name, facts, options) ?? FromTarget(p.Name, target) ?? default;
            if (value is not null)
            {
                values[p.Name] = value;
                sources.Add($"{p.Name}={value} ({source})");
            }
        }

        return (values, sources);
    }

    private static (string?, string)? FromFacts(string name, IReadOnlyDictionary<string, string> facts)
    {
        foreach (var key in Aliases.GetValueOrDefault(name) ?? [name, Camel(name)])
        {
            if (facts.TryGetValue(key, out var v) && v.Length > 0)
            {
                return (v, $"fact {key}");
            }
        }

        return null;
    }

    private static (string?, string)? Derived(string name, IReadOnlyDictionary<string, string> facts, SelectionOptions options)
    {
        if (name == "memory_limit" && facts.TryGetValue("peakMemoryBytes", out var peakText)
            && double.TryParse(peakText, NumberStyles.Float, CultureInfo.InvariantCulture, out var peak) && peak > 0)
        {
            var mi = (long)Math.Ceiling(peak * (1 + options.MemoryHeadroom) / Mi / 128) * 128;
            return ($"{mi}Mi", $"observed peak {peak / Mi:0}Mi + {options.MemoryHeadroom:P0} headroom, rounded up to 128Mi");
        }

        return null;
    }

    private static (string?, string)? FromTarget(string name, TargetResource target) => name switch
    {
        "namespace" => (target.Namespace, "the request's target"),
        "deployment" when target.Kind == "Deployment" => (target.Name, "the request's target"),
        "statefulset" when target.Kind == "StatefulSet" => (target.Name, "the request's target"),
        _ => null,
    };

    private static string Camel(string snake)
    {
        var parts = snake.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
    }
}
