using System.Text.Json;

namespace Kubernaut.Hub.Fleet;

/// <summary>Null-tolerant reads of Kubernetes objects held as <see cref="JsonElement"/> (fields may be absent or null).</summary>
internal static class JsonElements
{
    public static JsonElement? Child(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    public static string? Text(this JsonElement e, string name) =>
        e.Child(name) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    /// <summary>True when <c>status.conditions</c> holds a condition of this type with status "True".</summary>
    public static bool HasTrueCondition(this JsonElement obj, string type) =>
        obj.Child("status")?.Child("conditions") is { ValueKind: JsonValueKind.Array } conditions
        && conditions.EnumerateArray().Any(c => c.Text("type") == type && c.Text("status") == "True");
}
