using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Kubernaut.Hub.Investigation.Spoke;

/// <summary>An MCP session with one spoke's addon (streamable HTTP through cluster-proxy, bearing the investigation token).</summary>
internal sealed class McpSpokeTools(string cluster, McpClient client) : ISpokeTools
{
    private readonly List<ToolCallRecord> _calls = [];

    public string Cluster { get; } = cluster;

    public IReadOnlyList<ToolCallRecord> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public async Task<IReadOnlyList<AIFunction>> DescribeAsync(CancellationToken ct) =>
        [.. await client.ListToolsAsync(cancellationToken: ct)];

    public async Task<JsonElement?> CallAsync(string tool, IReadOnlyDictionary<string, object?> arguments, CancellationToken ct)
    {
        var shown = string.Join(", ", arguments.Where(a => a.Value is not null).Select(a => $"{a.Key}={a.Value}"));
        try
        {
            var result = await client.CallToolAsync(tool, arguments, cancellationToken: ct);
            var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(t => t.Text));
            if (result.IsError == true)
            {
                Record(new ToolCallRecord(tool, shown, false, text));
                return null;
            }

            Record(new ToolCallRecord(tool, shown, true, null));
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (Exception e) when (e is McpException or JsonException)
        {
            Record(new ToolCallRecord(tool, shown, false, e.Message));
            return null;
        }
        catch (HttpRequestException e)
        {
            Record(new ToolCallRecord(tool, shown, false, e.Message));
            throw new SpokeUnavailableException(Cluster, e.Message, e);
        }
    }

    private void Record(ToolCallRecord call)
    {
        lock (_calls)
        {
            _calls.Add(call);
        }
    }

    public ValueTask DisposeAsync() => client.DisposeAsync();
}
