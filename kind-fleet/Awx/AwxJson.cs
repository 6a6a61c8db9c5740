using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Kubernaut.KindFleet.Awx;

/// <summary>AWX's wire conventions: snake_case JSON, DRF error bodies, trailing-slash URLs.</summary>
internal static class AwxJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static IResult Ok<T>(T value, int status = StatusCodes.Status200OK) => Results.Json(value, Options, statusCode: status);

    public static JsonObject ToNode<T>(T value) => (JsonObject)JsonSerializer.SerializeToNode(value, Options)!;

    public static IResult NotFound() => Results.Json(new { detail = "Not found." }, Options, statusCode: StatusCodes.Status404NotFound);

    public static IResult Detail(int status, string detail) => Results.Json(new { detail }, Options, statusCode: status);

    /// <summary>A DRF validation error: <c>{"field": ["message"]}</c>.</summary>
    public static IResult FieldError(string field, string message) =>
        Results.Json(new Dictionary<string, string[]> { [field] = [message] }, Options, statusCode: StatusCodes.Status400BadRequest);

    /// <summary>Reads the request body as a JSON object (an empty body is an empty object); null when it is not one.</summary>
    public static async Task<JsonObject?> ReadObjectAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(ct);
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string Timestamp(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? "";
}

/// <summary>A DRF page: <c>{count, next, previous, results}</c>.</summary>
internal sealed record AwxPage<T>(int Count, string? Next, string? Previous, IReadOnlyList<T> Results)
{
    private const int DefaultPageSize = 25;
    private const int MaxPageSize = 200;

    public static AwxPage<T> Of(IReadOnlyList<T> all, HttpRequest request)
    {
        var size = int.TryParse(request.Query["page_size"], out var s) && s > 0 ? Math.Min(s, MaxPageSize) : DefaultPageSize;
        var page = int.TryParse(request.Query["page"], out var p) && p > 0 ? p : 1;
        var results = all.Skip((page - 1) * size).Take(size).ToList();
        string? Link(int target)
        {
            var query = request.Query.Where(q => q.Key != "page").Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}").Append($"page={target}");
            return $"{request.PathBase}{request.Path}?{string.Join('&', query)}";
        }

        return new AwxPage<T>(all.Count, page * size < all.Count ? Link(page + 1) : null, page > 1 ? Link(page - 1) : null, results);
    }
}
