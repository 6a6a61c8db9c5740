using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Kubernaut.Hub.A2A;

/// <summary>
/// Writes a JSON-RPC stream as Server-Sent Events: each <c>data:</c> line one JSON-RPC response; <c>id:</c> is the
/// audit sequence number to resume after (sent back as <c>Last-Event-ID</c> on <c>tasks/resubscribe</c>).
/// </summary>
internal sealed class SseWriter(HttpResponse response)
{
    public bool Started { get; private set; }

    public async Task StartAsync(CancellationToken ct)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        Started = true;
        await response.Body.FlushAsync(ct);
    }

    public async Task WriteAsync(JsonObject rpcResponse, long? id, CancellationToken ct)
    {
        await response.WriteAsync(Frame(rpcResponse, id), ct);
        await response.Body.FlushAsync(ct);
    }

    public async Task KeepAliveAsync(CancellationToken ct)
    {
        await response.WriteAsync(": keep-alive\n\n", ct);
        await response.Body.FlushAsync(ct);
    }

    /// <summary>One event; JSON is written on one line, so a single <c>data:</c> field carries it.</summary>
    public static string Frame(JsonObject rpcResponse, long? id)
    {
        var text = new StringBuilder();
        if (id is { } seq)
        {
            text.Append("id: ").Append(seq.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return text.Append("data: ").Append(rpcResponse.ToJsonString()).Append("\n\n").ToString();
    }
}
