using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Storage;

namespace Kubernaut.KindFleet.Selectors;

/// <summary>
/// A parsed label selector in the query-string syntax (<c>app=web,tier!=db,env in (a,b),!legacy</c>)
/// or built from a <c>matchLabels</c>/<c>matchExpressions</c> object.
/// </summary>
internal sealed partial class LabelSelector
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> _requirements = [];

    public static LabelSelector Everything { get; } = new();

    public bool IsEmpty => _requirements.Count == 0;

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.All(r => r(labels));

    public bool Matches(JsonObject obj) => IsEmpty || Matches(obj.Metadata()["labels"].StringMap());

    public static LabelSelector Parse(string? text)
    {
        var selector = new LabelSelector();
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }

        foreach (var term in SplitTerms(text))
        {
            selector._requirements.Add(ParseTerm(term.Trim()));
        }

        return selector;
    }

    /// <summary>Builds a selector from a metav1.LabelSelector object; null means "matches nothing" as for workloads.</summary>
    public static LabelSelector FromObject(JsonNode? node)
    {
        var selector = new LabelSelector();
        if (node is not JsonObject o)
        {
            return selector;
        }

        foreach (var (key, value) in o["matchLabels"].StringMap())
        {
            selector._requirements.Add(l => l.TryGetValue(key, out var v) && v == value);
        }

        foreach (var expr in o["matchExpressions"].Objects())
        {
            var key = expr.Str("key") ?? "";
            var values = (expr["values"] as JsonArray)?.Select(v => v.ScalarText() ?? "").ToHashSet() ?? [];
            selector._requirements.Add(expr.Str("operator") switch
            {
                "In" => l => l.TryGetValue(key, out var v) && values.Contains(v),
                "NotIn" => l => !l.TryGetValue(key, out var v) || !values.Contains(v),
                "Exists" => l => l.ContainsKey(key),
                "DoesNotExist" => l => !l.ContainsKey(key),
                var op => throw KubeApiException.BadRequest($"invalid label selector operator \"{op}\""),
            });
        }

        return selector;
    }

    private static Func<IReadOnlyDictionary<string, string>, bool> ParseTerm(string term)
    {
        var set = SetTerm().Match(term);
        if (set.Success)
        {
            var key = set.Groups["key"].Value;
            var values = set.Groups["values"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet();
            return set.Groups["op"].Value.Equals("in", StringComparison.OrdinalIgnoreCase)
                ? l => l.TryGetValue(key, out var v) && values.Contains(v)
                : l => !l.TryGetValue(key, out var v) || !values.Contains(v);
        }

        if (term.StartsWith('!'))
        {
            var key = term[1..].Trim();
            return l => !l.ContainsKey(key);
        }

        var idx = term.IndexOf("!=", StringComparison.Ordinal);
        if (idx > 0)
        {
            var (key, value) = (term[..idx].Trim(), term[(idx + 2)..].Trim());
            return l => !l.TryGetValue(key, out var v) || v != value;
        }

        idx = term.IndexOf('=');
        if (idx > 0)
        {
            var key = term[..idx].Trim();
            var value = term[(idx + 1)..].TrimStart('=').Trim();
            return l => l.TryGetValue(key, out var v) && v == value;
        }

        if (ValidKey().IsMatch(term))
        {
            return l => l.ContainsKey(term);
        }

        throw KubeApiException.BadRequest($"unable to parse requirement: \"{term}\"");
    }

    /// <summary>Splits on commas that are not inside a parenthesised value set.</summary>
    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    [GeneratedRegex(@"^(?<key>[A-Za-z0-9._/-]+)\s+(?<op>in|notin)\s*\((?<values>[^)]*)\)$", RegexOptions.IgnoreCase)]
    private static partial Regex SetTerm();

    [GeneratedRegex(@"^[A-Za-z0-9._/-]+$")]
    private static partial Regex ValidKey();
}
