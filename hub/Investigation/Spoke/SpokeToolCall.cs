using System.Text.Json;

namespace Kubernaut.Hub.Investigation.Spoke;

/// <summary>One call of a spoke tool (or a metrics query): what was asked, and whether it answered. The "what I checked" list.</summary>
internal sealed record ToolCallRecord(string Tool, string Arguments, bool Succeeded, string? Error);

/// <summary>The spoke's read-only tools for one investigation, over MCP. Calls are recorded in <see cref="Calls"/>.</summary>
internal interface ISpokeTools : IAsyncDisposable
{
    string Cluster { get; }

    IReadOnlyList<ToolCallRecord> Calls { get; }

    /// <summary>The tools as the MCP server describes them (for a model's function calling).</summary>
    Task<IReadOnlyList<Microsoft.Extensions.AI.AIFunction>> DescribeAsync(CancellationToken ct);

    /// <summary>Calls <paramref name="tool"/>; the JSON result, or null when the tool failed (the failure is recorded).</summary>
    Task<JsonElement?> CallAsync(string tool, IReadOnlyDictionary<string, object?> arguments, CancellationToken ct);
}

/// <summary>The spoke MCP server refused the call (401/403) or could not be reached.</summary>
internal sealed class SpokeUnavailableException(string cluster, string reason, Exception? inner = null)
    : Exception($"the spoke addon on {cluster} cannot be reached: {reason}", inner)
{
    public string Cluster { get; } = cluster;
}
