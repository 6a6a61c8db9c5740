using System.Buffers;
using Kubernaut.Hub.Hosting;

namespace Kubernaut.Hub.Signals;

/// <summary>
/// A request body in a buffer rented from the shared pool (the receiver reads thousands a second): the buffer goes back
/// on <see cref="Dispose"/>, so nothing parsed from <see cref="Memory"/> may be kept past it.
/// </summary>
internal sealed class RequestBody(byte[] rented, int length) : IDisposable
{
    private byte[]? _rented = rented;

    public ReadOnlyMemory<byte> Memory => (_rented ?? throw new ObjectDisposedException(nameof(RequestBody))).AsMemory(0, length);

    public void Dispose()
    {
        if (_rented is { } buffer)
        {
            _rented = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>Reads a request body up to a limit, so an oversized body is refused without buffering it whole.</summary>
internal static class RequestBodyReader
{
    private const int FirstChunk = 16 * 1024;

    /// <summary>
    /// Returns the body, or null when it exceeds <paramref name="limit"/> bytes. The excess is read and discarded (Kestrel
    /// caps how much) so the sender finishes writing and actually receives the 413 instead of a reset connection.
    /// </summary>
    public static async Task<RequestBody?> ReadAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        var pool = ArrayPool<byte>.Shared;
        if (request.ContentLength is { } declared && declared <= limit)
        {
            // Kestrel holds the sender to its Content-Length, so the body is exactly this long.
            var exact = pool.Rent((int)declared);
            try
            {
                await request.Body.ReadExactlyAsync(exact.AsMemory(0, (int)declared), ct);
                return new RequestBody(exact, (int)declared);
            }
            catch
            {
                pool.Return(exact);
                throw;
            }
        }

        var buffer = pool.Rent(FirstChunk);
        var length = 0;
        var tooLarge = request.ContentLength > limit;
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(tooLarge ? 0 : length), ct)) > 0)
            {
                if (tooLarge)
                {
                    continue;
                }

                length += read;
                if (length > limit)
                {
                    tooLarge = true;
                }
                else if (length == buffer.Length)
                {
                    var larger = pool.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    pool.Return(buffer);
                    buffer = larger;
                }
            }
        }
        catch
        {
            pool.Return(buffer);
            throw;
        }

        if (tooLarge)
        {
            pool.Return(buffer);
            return null;
        }

        return new RequestBody(buffer, length);
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
