using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Json;

namespace Kubernaut.KindFleet.ApiServer;

/// <summary>
/// The JSONPath subset CRD printer columns use: <c>.a.b</c>, <c>.a[0].b</c> and <c>.a[?(@.type=="Ready")].status</c>, <c>.a[*].b</c>.
/// </summary>
internal static class JsonPathLite
{
    public static string? Evaluate(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        var rest = path.Trim().TrimStart('{').TrimEnd('}').TrimStart('.');
        while (rest.Length > 0 && node is not null)
        {
            if (rest.StartsWith('['))
            {
                var close = rest.IndexOf(']', StringComparison.Ordinal);
                var index = rest[1..close];
                rest = rest[(close + 1)..].TrimStart('.');
                if (index == "*")
                {
                    // Every element: the values are printed comma-separated, as the apiserver's table convertor does.
                    var remainder = rest;
                    var values = (node as JsonArray)?.OfType<JsonObject>().Select(e => Evaluate(e, remainder)).OfType<string>().ToList() ?? [];
                    return values.Count == 0 ? null : string.Join(',', values);
                }

                node = node is JsonArray a ? Select(a, index) : null;
                continue;
            }

            var end = rest.IndexOfAny(['.', '[']);
            var name = end < 0 ? rest : rest[..end];
            node = node is JsonObject o ? o[name] : null;
            rest = end < 0 ? "" : rest[end..].TrimStart('.');
        }

        return node.ScalarText();
    }

    private static JsonNode? Select(JsonArray array, string index)
    {
        if (int.TryParse(index, out var i))
        {
            return i >= 0 && i < array.Count ? array[i] : null;
        }

        // ?(@.field=="value")
        var filter = index.TrimStart('?').Trim('(', ')');
        var parts = filter.Split("==", 2);
        if (parts.Length != 2)
        {
            return null;
        }

        var field = parts[0].Trim().TrimStart('@').TrimStart('.');
        var value = parts[1].Trim().Trim('"', '\'');
        return array.OfType<JsonObject>().FirstOrDefault(e => e.AtPath(field).ScalarText() == value);
    }
}
