using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Kubernaut.SpokeAddon.Hosting;

namespace Kubernaut.SpokeAddon.Tools;

/// <summary>
/// Renders a tool result as JSON no longer than <see cref="SpokeAddonOptions.MaxOutputChars"/>: when it is too
/// long, the largest array is halved (or the longest string clipped) until it fits, and the result says so with
/// <c>truncated: true</c> and the count of what is left next to the total that existed.
/// </summary>
public sealed class ToolOutput(SpokeAddonOptions options)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public int MaxChars => options.MaxOutputChars;

    /// <summary><c>{...header, items: [...], count, total, truncated}</c>; <paramref name="total"/> counts before any limit.</summary>
    public string List<T>(string itemsName, IEnumerable<T> items, int total, object? header = null)
    {
        var result = header is null ? new JsonObject() : JsonSerializer.SerializeToNode(header, Json)!.AsObject();
        var array = new JsonArray(items.Select(i => JsonSerializer.SerializeToNode(i, Json)).ToArray());
        result[itemsName] = array;
        result["total"] = total;
        result["truncated"] = array.Count < total;
        return Render(result, itemsName);
    }

    public string Single<T>(T value) => Render(JsonSerializer.SerializeToNode(value, Json)!.AsObject(), null);

    public string Render(JsonObject result, string? itemsName)
    {
        var truncated = JsonShrinker.ShrinkToFit(result, MaxChars - 64);
        if (truncated)
        {
            result["truncated"] = true;
        }

        if (itemsName is not null && result[itemsName] is JsonArray items)
        {
            result["count"] = items.Count;
        }

        return result.ToJsonString(Json);
    }
}

/// <summary>Halves the biggest array or clips the longest string of a JSON document until it fits a budget.</summary>
internal static class JsonShrinker
{
    private const int MinStringLength = 80;

    public static bool ShrinkToFit(JsonObject root, int budget)
    {
        var shrunk = false;
        for (var guard = 0; guard < 10_000 && root.ToJsonString(ToolOutput.Json).Length > budget; guard++)
        {
            var (node, _) = Largest(root);
            switch (node)
            {
                case JsonArray { Count: > 1 } array:
                    var keep = array.Count / 2;
                    while (array.Count > keep)
                    {
                        array.RemoveAt(array.Count - 1);
                    }

                    break;
                case JsonValue value when value.TryGetValue<string>(out var text) && text.Length > MinStringLength:
                    value.ReplaceWith(JsonValue.Create(text[..Math.Max(MinStringLength, text.Length / 2)] + "…[clipped]"));
                    break;
                default:
                    return shrunk;
            }

            shrunk = true;
        }

        return shrunk;
    }

    // The shrinkable node with the largest serialized size: arrays of two or more items and long strings.
    private static (JsonNode? Node, int Size) Largest(JsonNode? node)
    {
        (JsonNode? Node, int Size) best = (null, 0);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    best = Max(best, Largest(child));
                }

                break;
            case JsonArray array:
                if (array.Count > 1)
                {
                    best = (array, array.ToJsonString(ToolOutput.Json).Length);
                }

                foreach (var child in array)
                {
                    best = Max(best, Largest(child));
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text) && text.Length > MinStringLength:
                best = (value, text.Length);
                break;
        }

        return best;
    }

    private static (JsonNode? Node, int Size) Max((JsonNode? Node, int Size) a, (JsonNode? Node, int Size) b) => b.Size > a.Size ? b : a;
}
