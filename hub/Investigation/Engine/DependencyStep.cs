using System.Text.RegularExpressions;
using Kubernaut.Hub.Investigation.Spoke;
using Kubernaut.Hub.Investigation.Transcript;
using Kubernaut.Hub.Thanos;

namespace Kubernaut.Hub.Investigation.Engine;

/// <summary>
/// The workload's dependencies, as it declares them (Service names in its environment: <c>DB_HOST=payment-db</c>,
/// <c>CART_SERVICE_URL=http://cart-service</c>) and as its connection pools name them: how many endpoints serve
/// now against how many did, when they went, which pods were lost and which node was drained at that time.
/// </summary>
internal static partial class DependencyStep
{
    public static async Task RunAsync(EvidenceReader reader, CaseFile file, TranscriptWriter transcript, TimeSpan lookback, CancellationToken ct)
    {
        var ns = file.Target.Namespace;
        var candidates = file.Pools.Select(p => p.Dependency).Concat(Declared(file.Env)).Distinct(StringComparer.Ordinal)
            .Where(d => d != EventStep.WorkloadName(file)).Take(5).ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        var healthy = new List<string>();
        var said = new List<string>();
        foreach (var name in candidates)
        {
            var endpoints = await reader.ListAsync<SpokeEndpoints>("get_endpoints", "services", new() { ["namespace"] = ns, ["service"] = name }, ct);
            if (endpoints.Items.FirstOrDefault(e => e.Service == name) is not { } ep)
            {
                continue;
            }

            var backing = (await reader.ListAsync<SpokeWorkload>("get_workloads", "workloads", new() { ["namespace"] = ns, ["name"] = name }, ct)).Items.FirstOrDefault();
            int? before = null;
            DateTimeOffset? droppedAt = null;
            if (backing?.Kind == "StatefulSet" &&
                await reader.RangeAsync(SymptomQueries.StatefulSetReady(file.Target.Cluster, ns, name), lookback, MetricsStep.Step, ct) is { } range &&
                range.Series.FirstOrDefault() is { Samples.Count: > 0 } series)
            {
                var peak = series.Samples.Max(s => s.Value);
                var peakAt = series.Samples.Last(s => s.Value >= peak).At;
                before = (int)peak;
                droppedAt = series.Samples.FirstOrDefault(s => s.At > peakAt && s.Value < peak)?.At;
            }

            before ??= backing?.Desired;
            var pool = file.Pools.FirstOrDefault(p => p.Dependency == name);
            var saturated = pool is { Max: > 0 } && pool.InUse >= pool.Max * 0.9;
            var lacking = ep.NotReady > 0 || (before is { } expected && ep.Ready < expected);
            if (!saturated && !lacking)
            {
                healthy.Add($"{name} {ep.Ready}/{Math.Max(ep.Ready, before ?? 0)} endpoints ready");
                continue;
            }

            var killed = await reader.ListAsync<SpokeEvent>("list_events", "events", new() { ["namespace"] = ns, ["reason"] = "Killing", ["since"] = $"{(int)lookback.TotalMinutes}m", ["limit"] = 100 }, ct);
            var lost = killed.Items.Where(e => EventStep.PodOf(e).StartsWith(name + "-", StringComparison.Ordinal)
                    && (droppedAt is null || e.LastSeen is { } t && Math.Abs((t - droppedAt.Value).TotalMinutes) <= 5))
                .Select(EventStep.PodOf).Distinct().Order(StringComparer.Ordinal).ToList();
            droppedAt ??= killed.Items.Where(e => lost.Contains(EventStep.PodOf(e))).Min(e => e.LastSeen);
            var (node, cordonedAt) = await DrainedNodeAsync(reader, file, droppedAt, lookback, ct);
            file.Dependencies.Add(new DependencyFinding(name, backing?.Kind, ep.Ready, ep.NotReady, before, droppedAt, node, cordonedAt, lost));
            var database = pool is not null ? "database " : "";
            var gone = before is { } b && b > ep.Ready ? b - ep.Ready : (int?)null;
            var text = $"Checking the {database}endpoints… There it is — {name} only has {ep.Ready} of {before ?? ep.Ready + ep.NotReady} endpoints ready.";
            if (gone is { } g && droppedAt is { } at)
            {
                text += $" {Count(g)} replica{(g == 1 ? "" : "s")} went down at {Units.Clock(at)}{(lost.Count > 0 ? $" ({string.Join(", ", lost)})" : "")}" +
                    (node is not null ? $" from a node drain: {node} was cordoned at {Units.Clock(cordonedAt!.Value)} and is still unschedulable." : ".");
            }

            if (saturated && pool is { } sat)
            {
                text += $" The remaining replica{(ep.Ready == 1 ? "" : "s")} can't take the full connection load, so the pool saturates ({Units.Number(sat.InUse)}/{Units.Number(sat.Max)}) and requests wait.";
            }

            said.Add(text);
            file.Note("get_endpoints", $"{name}: {ep.Ready} ready, {ep.NotReady} not ready, {before} before; dropped at {droppedAt:O}; lost {string.Join(", ", lost)}",
                "the dependency lost serving capacity", droppedAt);
            if (node is not null)
            {
                file.Note("get_nodes", $"{node} unschedulable since {cordonedAt:O}", "a drained node took the replicas", cordonedAt);
            }
        }

        if (healthy.Count > 0)
        {
            file.Note("get_endpoints", "healthy dependencies: " + string.Join(", ", healthy));
            said.Add($"Its other dependencies look fine: {string.Join(", ", healthy)}.");
        }

        foreach (var text in said)
        {
            await transcript.SayAsync(text, ct);
        }
    }

    private static async Task<(string? Node, DateTimeOffset? At)> DrainedNodeAsync(EvidenceReader reader, CaseFile file, DateTimeOffset? near, TimeSpan lookback, CancellationToken ct)
    {
        var nodes = await reader.ListAsync<SpokeNode>("get_nodes", "nodes", [], ct);
        var cordoned = nodes.Items.Where(n => n.Unschedulable).ToList();
        file.CordonedNodes.AddRange(cordoned);
        if (cordoned.Count == 0)
        {
            return (null, null);
        }

        var events = await reader.ListAsync<SpokeEvent>("list_events", "events",
            new() { ["namespace"] = "*", ["involvedKind"] = "Node", ["reason"] = "NodeNotSchedulable", ["since"] = $"{(int)lookback.TotalMinutes}m" }, ct);
        var best = cordoned.Select(n => (n.Name, At: events.Items.Where(e => EventStep.PodOf(e) == n.Name).Max(e => e.LastSeen)))
            .OrderBy(x => near is { } t && x.At is { } a ? Math.Abs((a - t).TotalSeconds) : double.MaxValue).First();
        return near is { } when && best.At is { } cordon && Math.Abs((cordon - when).TotalMinutes) <= 10 ? (best.Name, best.At) : (null, null);
    }

    /// <summary>Service names in the environment: a bare DNS label in a *_HOST/*_ADDR/*_SERVICE variable, or the host of an in-cluster URL.</summary>
    public static IEnumerable<string> Declared(IReadOnlyDictionary<string, string> env)
    {
        foreach (var (key, value) in env)
        {
            if (Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" or "postgres" or "postgresql" or "redis" or "mysql" or "amqp")
            {
                var host = url.Host;
                if (!host.Contains('.', StringComparison.Ordinal) || host.EndsWith(".svc", StringComparison.Ordinal) || host.EndsWith(".svc.cluster.local", StringComparison.Ordinal))
                {
                    yield return host.Split('.')[0];
                }
            }
            else if (HostKey().IsMatch(key) && DnsLabel().IsMatch(value))
            {
                yield return value;
            }
        }
    }

    private static string Count(int n) => n switch { 1 => "One", 2 => "Two", 3 => "Three", _ => n.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    [GeneratedRegex("(HOST|ADDR|ADDRESS|SERVICE)$")]
    private static partial Regex HostKey();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}
