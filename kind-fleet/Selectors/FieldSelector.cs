using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Storage;

namespace Kubernaut.KindFleet.Selectors;

/// <summary>
/// A field selector (<c>spec.nodeName=n1,status.phase!=Running</c>). Any dotted path into the object is accepted,
/// which covers every field the real apiserver indexes (metadata.name, involvedObject.uid, type, …).
/// </summary>
internal sealed class FieldSelector
{
    private readonly List<(string Path, string Value, bool Negated)> _terms = [];

    public static FieldSelector Parse(string? text)
    {
        var selector = new FieldSelector();
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }

        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var negated = raw.Contains("!=", StringComparison.Ordinal);
            var parts = raw.Split(negated ? "!=" : raw.Contains("==", StringComparison.Ordinal) ? "==" : "=", 2);
            if (parts.Length != 2 || parts[0].Length == 0)
            {
                throw KubeApiException.BadRequest($"invalid field selector: '{raw}'");
            }

            selector._terms.Add((parts[0].Trim(), parts[1].Trim(), negated));
        }

        return selector;
    }

    public bool IsEmpty => _terms.Count == 0;

    public bool Matches(JsonObject obj) => _terms.All(t => (Resolve(obj, t.Path) == t.Value) != t.Negated);

    /// <summary>The single metadata.name this selector pins, as kubectl's watch-one-object idiom uses.</summary>
    public string? PinnedName => _terms.FirstOrDefault(t => t.Path == "metadata.name" && !t.Negated).Value;

    private static string Resolve(JsonObject obj, string path) =>
        obj.AtPath(path).ScalarText() ?? "";
}
