using System.Text;
using System.Text.Json.Nodes;

namespace Kubernaut.KindFleet.Controllers.Support;

/// <summary>
/// The pod-template hash (label <c>pod-template-hash</c>, ControllerRevision names) and template equality that
/// ignores that label. Templates are compared in a canonical form (sorted keys, no null/empty/zero values) because a
/// template that went through a Go client (<c>kubectl rollout undo</c>) comes back with <c>creationTimestamp: null</c>,
/// <c>resources: {}</c> and reordered keys, yet must still be recognised as the same template.
/// </summary>
internal static class TemplateHash
{
    public const string Label = "pod-template-hash";
    private const string SafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Of(JsonNode? template, int collisionCount = 0)
    {
        var text = Canonical(template) + (collisionCount > 0 ? "#" + collisionCount : "");
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        // Like k8s.io/apimachinery's rand.SafeEncodeString over the decimal hash: no vowels, no ambiguous characters.
        var digits = hash.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return string.Concat(digits.Select(c => SafeAlphabet[c % SafeAlphabet.Length]));
    }

    public static bool EqualIgnoringHash(JsonNode? a, JsonNode? b) => Canonical(a) == Canonical(b);

    public static string Canonical(JsonNode? template)
    {
        var copy = template?.DeepClone();
        if (copy?["metadata"] is JsonObject meta)
        {
            (meta["labels"] as JsonObject)?.Remove(Label);
            meta.Remove("creationTimestamp");
        }

        return Normalize(copy)?.ToJsonString() ?? "{}";
    }

    private static JsonNode? Normalize(JsonNode? node) => node switch
    {
        JsonObject o => NormalizeObject(o),
        JsonArray a => a.Count == 0 ? null : new JsonArray([.. a.Select(i => Normalize(i) ?? new JsonObject())]),
        JsonValue v when IsEmptyScalar(v) => null,
        JsonValue v => v.DeepClone(),
        _ => null,
    };

    private static JsonObject? NormalizeObject(JsonObject o)
    {
        var result = new JsonObject();
        foreach (var (key, value) in o.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (Normalize(value) is { } normalized)
            {
                result[key] = normalized;
            }
        }

        return result.Count == 0 ? null : result;
    }

    private static bool IsEmptyScalar(JsonValue v) => v.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.String => v.GetValue<string>().Length == 0,
        System.Text.Json.JsonValueKind.Number => v.ToJsonString() is "0" or "0.0",
        System.Text.Json.JsonValueKind.False or System.Text.Json.JsonValueKind.Null => true,
        _ => false,
    };
}
