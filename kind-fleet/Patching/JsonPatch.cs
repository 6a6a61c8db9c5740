using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Storage;

namespace Kubernaut.KindFleet.Patching;

/// <summary>
/// RFC 6902 JSON Patch over <see cref="JsonNode"/> (add, remove, replace, move, copy, test).
/// Hand-written because no System.Text.Json JSON Patch library for JsonNode is served here.
/// </summary>
internal static class JsonPatch
{
    public static JsonNode Apply(JsonNode document, JsonArray operations)
    {
        var root = document.DeepClone();
        foreach (var op in operations.OfType<JsonObject>())
        {
            var kind = op["op"]?.GetValue<string>() ?? throw KubeApiException.BadRequest("json patch operation without \"op\"");
            var path = op["path"]?.GetValue<string>() ?? throw KubeApiException.BadRequest("json patch operation without \"path\"");
            switch (kind)
            {
                case "add":
                    root = Add(root, path, op["value"]?.DeepClone());
                    break;
                case "remove":
                    Remove(root, path);
                    break;
                case "replace":
                    root = Replace(root, path, op["value"]?.DeepClone());
                    break;
                case "move":
                    var moved = Get(root, From(op));
                    Remove(root, From(op));
                    root = Add(root, path, moved);
                    break;
                case "copy":
                    root = Add(root, path, Get(root, From(op))?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(root, path), op["value"]))
                    {
                        throw KubeApiException.Invalid("json patch", path, "test operation failed");
                    }

                    break;
                default:
                    throw KubeApiException.BadRequest($"unknown json patch operation \"{kind}\"");
            }
        }

        return root;
    }

    private static string From(JsonObject op) =>
        op["from"]?.GetValue<string>() ?? throw KubeApiException.BadRequest("json patch move/copy without \"from\"");

    private static JsonNode Add(JsonNode root, string path, JsonNode? value)
    {
        if (path.Length == 0)
        {
            return value ?? throw KubeApiException.BadRequest("cannot replace the document with null");
        }

        var (parent, last) = Parent(root, path);
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw KubeApiException.Invalid("json patch", path, "path does not exist");
        }

        return root;
    }

    /// <summary>Replaces an existing value in place, so a replaced key keeps its position.</summary>
    private static JsonNode Replace(JsonNode root, string path, JsonNode? value)
    {
        if (path.Length == 0)
        {
            return value ?? throw KubeApiException.BadRequest("cannot replace the document with null");
        }

        _ = Get(root, path);
        var (parent, last) = Parent(root, path);
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a:
                a[int.Parse(last, System.Globalization.CultureInfo.InvariantCulture)] = value;
                break;
        }

        return root;
    }

    private static void Remove(JsonNode root, string path)
    {
        var (parent, last) = Parent(root, path);
        var removed = parent switch
        {
            JsonObject o => o.Remove(last),
            JsonArray a when int.TryParse(last, out var i) && i >= 0 && i < a.Count => RemoveAt(a, i),
            _ => false,
        };
        if (!removed)
        {
            throw KubeApiException.Invalid("json patch", path, "path does not exist");
        }
    }

    private static bool RemoveAt(JsonArray a, int i)
    {
        a.RemoveAt(i);
        return true;
    }

    private static JsonNode? Get(JsonNode root, string path)
    {
        var node = root;
        foreach (var token in Tokens(path))
        {
            node = node switch
            {
                JsonObject o => o[token],
                JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
                _ => null,
            };
            if (node is null)
            {
                throw KubeApiException.Invalid("json patch", path, "path does not exist");
            }
        }

        return node;
    }

    private static (JsonNode Parent, string Last) Parent(JsonNode root, string path)
    {
        var tokens = Tokens(path).ToList();
        var parentPath = string.Concat(tokens.Take(tokens.Count - 1).Select(t => "/" + t.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)));
        return (Get(root, parentPath) ?? throw KubeApiException.Invalid("json patch", path, "parent is null"), tokens[^1]);
    }

    private static IEnumerable<string> Tokens(string path) =>
        path.Length == 0
            ? []
            : path[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
}
