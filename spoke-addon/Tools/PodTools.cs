using System.ComponentModel;
using Kubernaut.SpokeAddon.Kubernetes;
using ModelContextProtocol.Server;

namespace Kubernaut.SpokeAddon.Tools;

[McpServerToolType]
public sealed class PodTools(PodReader pods, LogReader logs, ToolOutput output)
{
    [McpServerTool(Name = "get_pods", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Pods of a namespace, unhealthy first: phase, ready containers, restarts, node, owner, and per container its state, last termination reason (e.g. OOMKilled) and resource requests/limits.")]
    public async Task<string> GetPodsAsync(
        [Description("Namespace to read")] string @namespace,
        [Description("Label selector, e.g. app=checkout-service")] string? labelSelector = null,
        [Description("Most pods to return (1-500)")] int limit = 50,
        CancellationToken cancellationToken = default)
    {
        var all = await pods.ListAsync(@namespace, labelSelector, cancellationToken);
        return output.List("pods", all.Take(Math.Clamp(limit, 1, 500)), all.Count, new { @namespace, labelSelector });
    }

    [McpServerTool(Name = "get_logs", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("The last lines of a container's log, optionally only the lines matching a pattern (regular expression, case-insensitive) and/or of the previous (crashed) instance.")]
    public async Task<string> GetLogsAsync(
        [Description("Namespace of the pod")] string @namespace,
        [Description("Pod name")] string pod,
        [Description("Container name; the pod's first container when omitted")] string? container = null,
        [Description("How many (matching) lines to return, counted from the end (1-1000)")] int tail = 100,
        [Description("Only lines written in the last N seconds")] int? sinceSeconds = null,
        [Description("Only lines matching this regular expression (case-insensitive), e.g. OutOfMemory|cache")] string? pattern = null,
        [Description("Read the previous, terminated instance of the container (after a restart)")] bool previous = false,
        CancellationToken cancellationToken = default)
    {
        var excerpt = await logs.ReadAsync(@namespace, pod, container, Math.Clamp(tail, 1, 1000), sinceSeconds, pattern, previous, cancellationToken);

        // The newest lines matter most: drop the oldest until the result fits.
        var budget = output.MaxChars - 1000;
        var lines = excerpt.Lines.ToList();
        var size = lines.Sum(l => l.Length + 4);
        while (lines.Count > 0 && size > budget)
        {
            size -= lines[0].Length + 4;
            lines.RemoveAt(0);
        }

        return output.List("lines", lines, excerpt.Lines.Count, new
        {
            excerpt.Pod,
            excerpt.Container,
            excerpt.Previous,
            excerpt.Pattern,
            excerpt.LinesScanned,
            excerpt.Matched,
        });
    }
}
