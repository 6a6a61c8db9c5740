using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kubernaut.KindFleet.Json;

/// <summary>Small helpers for reading and writing Kubernetes objects held as <see cref="JsonObject"/>.</summary>
internal static class JsonNodeExtensions
{
    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static JsonObject Metadata(this JsonObject obj) => obj.Child("metadata");

    /// <summary>Returns the child object at <paramref name="name"/>, creating it when absent.</summary>
    public static JsonObject Child(this JsonObject obj, string name)
    {
        if (obj[name] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        obj[name] = created;
        return created;
    }

    public static string? Str(this JsonNode? node, string name) =>
        node is JsonObject o && o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static long? Long(this JsonNode? node, string name)
    {
        if (node is not JsonObject o || o[name] is not JsonValue v)
        {
            return null;
        }

        if (v.TryGetValue<long>(out var l))
        {
            return l;
        }

        if (v.TryGetValue<int>(out var i))
        {
            return i;
        }

        if (v.TryGetValue<double>(out var d))
        {
            return (long)d;
        }

        return v.TryGetValue<string>(out var s) && long.TryParse(s, out var p) ? p : null;
    }

    public static bool? Bool(this JsonNode? node, string name) =>
        node is JsonObject o && o[name] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    /// <summary>Walks a dotted path (<c>spec.nodeName</c>) and returns the node there, if any.</summary>
    public static JsonNode? AtPath(this JsonNode? node, string dottedPath)
    {
        foreach (var part in dottedPath.Split('.'))
        {
            if (node is not JsonObject o || !o.TryGetPropertyValue(part, out node))
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>Renders a scalar node as the string a selector or printer column compares against.</summary>
    public static string? ScalarText(this JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v => v.ToJsonString(),
        _ => node.ToJsonString(),
    };

    public static IReadOnlyDictionary<string, string> StringMap(this JsonNode? node)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject o)
        {
            foreach (var (k, v) in o)
            {
                if (v.ScalarText() is { } s)
                {
                    map[k] = s;
                }
            }
        }

        return map;
    }

    public static JsonObject ToJsonObject<T>(T value) =>
        JsonSerializer.SerializeToNode(value, Web) as JsonObject ?? throw new InvalidOperationException("not an object");

    public static JsonObject CloneObject(this JsonObject obj) => (JsonObject)obj.DeepClone();

    public static JsonArray ArrayOf(this JsonObject obj, string name)
    {
        if (obj[name] is JsonArray a)
        {
            return a;
        }

        var created = new JsonArray();
        obj[name] = created;
        return created;
    }

    public static IEnumerable<JsonObject> Objects(this JsonNode? node) =>
        node is JsonArray a ? a.OfType<JsonObject>() : [];
}
