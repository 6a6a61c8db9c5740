using System.ComponentModel;
using Kubernaut.SpokeAddon.Kubernetes;
using ModelContextProtocol.Server;

namespace Kubernaut.SpokeAddon.Tools;

[McpServerToolType]
public sealed class EventTools(EventReader events, ToolOutput output, TimeProvider time)
{
    [McpServerTool(Name = "list_events", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Kubernetes events of a namespace, newest first, with how often each happened (count) and a per-reason total (byReason), e.g. OOMKilled, BackOff, FailedScheduling.")]
    public async Task<string> ListEventsAsync(
        [Description("Namespace to read, or * for all namespaces")] string @namespace,
        [Description("Only events with this reason (case-insensitive), e.g. OOMKilled")] string? reason = null,
        [Description("Only events about objects of this kind, e.g. Pod or Deployment")] string? involvedKind = null,
        [Description("Only events about the object with this name")] string? involvedName = null,
        [Description("Only events last seen within this window: a duration back from now (30m, 2h, 1h30m) or an RFC 3339 time")] string? since = null,
        [Description("Most events to return (1-500)")] int limit = 50,
        CancellationToken cancellationToken = default)
    {
        var all = await events.ListAsync(@namespace, reason, involvedKind, involvedName, TimeWindow.Since(since, time), cancellationToken);
        var byReason = all.GroupBy(e => e.Reason).OrderByDescending(g => g.Sum(e => e.Count))
            .ToDictionary(g => g.Key, g => g.Sum(e => e.Count));
        return output.List("events", all.Take(Math.Clamp(limit, 1, 500)), all.Count, new
        {
            @namespace,
            since,
            occurrences = all.Sum(e => e.Count),
            byReason,
        });
    }
}
