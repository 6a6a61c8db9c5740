using Kubernaut.Hub.Hosting;

namespace Kubernaut.Hub.Signals;

/// <summary>Reads a request body up to a limit, so an oversized body is refused without buffering it whole.</summary>
internal static class RequestBodyReader
{
    /// <summary>
    /// Returns the body, or null when it exceeds <paramref name="limit"/> bytes. The excess is read and discarded (Kestrel
    /// caps how much) so the sender finishes writing and actually receives the 413 instead of a reset connection.
    /// </summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        var tooLarge = request.ContentLength > limit;
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            tooLarge |= buffer.Length + read > limit;
            if (!tooLarge)
            {
                buffer.Write(chunk, 0, read);
            }
        }

        return tooLarge ? null : buffer.ToArray();
    }

    public static bool IsJson(HttpRequest request) =>
        string.IsNullOrEmpty(request.ContentType) || request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
        || request.ContentType.Contains("+json", StringComparison.OrdinalIgnoreCase);

    public static IResult TooLarge(HubOptions options) => Results.Problem(
        title: "payload too large", detail: $"the request body exceeds {options.MaxRequestBodyBytes} bytes (Hub:MaxRequestBodyBytes)",
        statusCode: StatusCodes.Status413PayloadTooLarge);

    public static IResult NotJson(HttpRequest request) => Results.Problem(
        title: "unsupported media type", detail: $"expected application/json, got {request.ContentType}", statusCode: StatusCodes.Status415UnsupportedMediaType);
}
