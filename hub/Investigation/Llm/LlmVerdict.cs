using System.Text.Json;
using System.Text.Json.Nodes;
using Kubernaut.Hub.Investigation.Engine;
using Kubernaut.Hub.Remediation;

namespace Kubernaut.Hub.Investigation.Llm;

/// <summary>Reads the verdict JSON at the end of the model's answer into an <see cref="InvestigationResult"/>.</summary>
internal static class LlmVerdict
{
    public static InvestigationResult? Parse(string answer, InvestigationTarget target)
    {
        var start = answer.IndexOf('{', StringComparison.Ordinal);
        var end = answer.LastIndexOf('}');
        if (start < 0 || end <= start)
        {
            return null;
        }

        JsonObject json;
        try
        {
            json = JsonNode.Parse(answer[start..(end + 1)]) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            return null;
        }

        var inconclusive = json["inconclusive"]?.GetValueKind() == JsonValueKind.True;
        var rootCause = json["rootCause"]?.GetValue<string>();
        if (!inconclusive && string.IsNullOrWhiteSpace(rootCause))
        {
            return null;
        }

        var categories = (json["categories"] as JsonArray)?.Select(c => c?.GetValue<string>()).OfType<string>().ToList() ?? [];
        var confidence = json["confidence"] is JsonValue v && v.TryGetValue<double>(out var c0) ? Math.Clamp(c0, 0, 1) : 0.5;
        var evidence = (json["evidence"] as JsonArray)?.OfType<JsonObject>()
            .Select(e => new EvidenceItem(e["source"]?.ToString() ?? "model", e["finding"]?.ToString() ?? "", e["significance"]?.ToString()))
            .ToList() ?? [];
        var facts = (json["facts"] as JsonObject)?.ToDictionary(p => p.Key, p => p.Value?.ToString() ?? "", StringComparer.Ordinal)
            ?? new Dictionary<string, string>(StringComparer.Ordinal);
        facts.TryAdd("namespace", target.Namespace);
        facts.TryAdd("cluster", target.Cluster);
        return inconclusive
            ? new InvestigationResult($"Inconclusive (model): {rootCause ?? "no cause supported by the evidence"}", null, [], Math.Min(confidence, 0.3), evidence, facts, Inconclusive: true)
            : new InvestigationResult($"{(categories.Count > 0 ? categories[0] + ": " : "")}{rootCause}", rootCause, categories, confidence, evidence, facts);
    }
}
