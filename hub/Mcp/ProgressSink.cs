using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Kubernaut.Hub.Mcp;

/// <summary>
/// Progress notifications on a tool call, sent one at a time and awaited, so a client receives the findings in the
/// order they happened (a fire-and-forget IProgress may reorder them). Silent when the client sent no progress token.
/// </summary>
internal sealed class ProgressSink(McpServer server, ProgressToken? token)
{
    private long _count;

    public static ProgressSink For(RequestContext<CallToolRequestParams> request) => new(request.Server, request.Params?.ProgressToken);

    /// <summary>Progress counts the notifications (it must only grow); the message carries the event.</summary>
    public async Task ReportAsync(string message, CancellationToken ct)
    {
        if (token is { } t)
        {
            await server.NotifyProgressAsync(t, new ProgressNotificationValue { Progress = ++_count, Message = message }, cancellationToken: ct);
        }
    }
}
