using Kubernaut.Hub.Investigation.Transcript;
using Kubernaut.Hub.Thanos;

namespace Kubernaut.Hub.Investigation.Engine;

/// <summary>
/// The workload's metrics from Thanos over the lookback: memory against its limit, traffic, p99 latency, errors,
/// CPU throttling, the autoscaler and connection pools. Each is read for a step (when it moved, from what to what).
/// </summary>
internal static class MetricsStep
{
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    /// <summary>How long a series that begins inside the lookback is taken to be warming up.</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromMinutes(5);

    /// <summary>Reads the metrics backend's clock: an instant query of a constant is stamped with the server's now.</summary>
    public static async Task<DateTimeOffset?> ServerNowAsync(EvidenceReader reader, CancellationToken ct) =>
        (await reader.QueryAsync("1", ct))?.EvaluatedAt;

    public static async Task RunAsync(EvidenceReader reader, CaseFile file, TimeSpan lookback, CancellationToken ct)
    {
        var t = file.Target;
        var scope = new WorkloadScope(t.Cluster, t.Namespace, EventStep.WorkloadName(file), file.Container ?? EventStep.WorkloadName(file));
        var window = $"{(int)Step.TotalSeconds}s";
        var memory = await reader.RangeAsync($"max(max_over_time(container_memory_working_set_bytes{{cluster=\"{SymptomQueries.Escape(scope.Cluster)}\",namespace=\"{SymptomQueries.Escape(scope.Namespace)}\",container=\"{SymptomQueries.Escape(scope.Container)}\"}}[{window}]))", lookback, Step, ct);
        if (memory?.Series.FirstOrDefault() is { } m)
        {
            file.Memory = StepChange.Rise(AfterWarmUp(m.Samples, file.Now - lookback), 1.25);
        }

        if (file.MemoryLimitBytes is null && (await reader.QueryAsync(SymptomQueries.MemoryLimit(scope), ct))?.Value is { } limit and > 0)
        {
            file.MemoryLimitBytes = limit;
            file.MemoryLimit = Units.Mi(limit);
        }

        var traffic = await reader.RangeAsync(SymptomQueries.RequestRate(scope, "2m"), lookback, Step, ct);
        if (traffic?.Series.FirstOrDefault() is { } r)
        {
            file.Traffic = StepChange.Rise(AfterWarmUp(r.Samples, file.Now - lookback), 1.5);
            file.RequestRateNow = r.Last?.Value;
        }

        var latency = await reader.RangeAsync(SymptomQueries.LatencyQuantile(scope, 0.99), lookback, Step, ct);
        if (latency?.Series.FirstOrDefault() is { } l)
        {
            file.Latency = StepChange.Rise(AfterWarmUp(l.Samples, file.Now - lookback), 3);
        }

        file.ErrorRatio = (await reader.QueryAsync(SymptomQueries.ErrorRatio(scope), ct))?.Value;
        file.ThrottledRatio = (await reader.QueryAsync(SymptomQueries.CpuThrottledRatio(scope), ct))?.Value;
        if ((await reader.QueryAsync(SymptomQueries.HpaMax(scope), ct))?.Value is { } max && (await reader.QueryAsync(SymptomQueries.HpaCurrent(scope), ct))?.Value is { } current)
        {
            file.Hpa = (current, max);
        }

        var inUse = await reader.QueryAsync(SymptomQueries.PoolInUse(scope), ct);
        var poolMax = await reader.QueryAsync(SymptomQueries.PoolMax(scope), ct);
        var pending = await reader.QueryAsync(SymptomQueries.PoolPending(scope), ct);
        foreach (var series in inUse?.Series ?? [])
        {
            var pool = series.Label("pool") ?? "?";
            file.Pools.Add(new PoolFinding(pool, series.Last?.Value ?? 0,
                poolMax?.Series.FirstOrDefault(s => s.Label("pool") == pool)?.Last?.Value ?? 0,
                pending?.Series.FirstOrDefault(s => s.Label("pool") == pool)?.Last?.Value ?? 0));
        }
    }

    /// <summary>
    /// A series that begins inside the range (the workload or its exporter started within the lookback) opens with a
    /// warm-up: caches filling, rate windows filling. Compared against, that ramp reads as an incident's onset, so it
    /// is dropped and later changes are measured from the level the workload settled at.
    /// </summary>
    public static IReadOnlyList<PromSample> AfterWarmUp(IReadOnlyList<PromSample> samples, DateTimeOffset rangeStart) =>
        samples.Count > 0 && samples[0].At > rangeStart + Step ? [.. samples.Where(s => s.At >= samples[0].At + WarmUp)] : samples;

    public static async Task NarrateAsync(CaseFile file, TranscriptWriter transcript, CancellationToken ct)
    {
        var parts = new List<string>();
        if (file.Latency is { } p99)
        {
            parts.Add(p99.Sudden
                ? $"p99 latency jumped from {Units.Seconds(p99.Before)} to {Units.Seconds(p99.After)} right at {Units.Clock(p99.Onset)}. That's a {Units.Number(Math.Round(p99.Factor))}x increase — definitely not gradual."
                : $"p99 latency climbed from {Units.Seconds(p99.Before)} to {Units.Seconds(p99.After)} over {Units.Span(p99.RiseTime)} from {Units.Clock(p99.Onset)} — a gradual rise.");
            file.Note("thanos: histogram_quantile(0.99, http_request_duration_seconds)", $"p99 {Units.Seconds(p99.Before)} → {Units.Seconds(p99.After)} at {p99.Onset:O}", "requests are slow", p99.Onset);
            file.Onset = EventStep.Earliest(file.Onset, p99.Onset);
        }

        if (file.Memory is { } mem)
        {
            var against = file.MemoryLimitBytes is { } limit ? $", against the {file.MemoryLimit} limit" : "";
            parts.Add(mem.Sudden
                ? $"There's a clear spike in container_memory_working_set_bytes — usage jumped to {Units.Mi(mem.Peak)} right at {Units.Clock(mem.Onset)}{against}. Something changed at that time."
                : $"container_memory_working_set_bytes climbed from {Units.Mi(mem.Before)} to {Units.Mi(mem.Peak)} over {Units.Span(mem.RiseTime)} from {Units.Clock(mem.Onset)}{against}.");
            file.Note("thanos: container_memory_working_set_bytes", $"{Units.Mi(mem.Before)} → peak {Units.Mi(mem.Peak)} at {mem.PeakAt:O} (onset {mem.Onset:O}){against}",
                file.MemoryLimitBytes is { } l && mem.Peak >= l * 0.95 ? "memory reaches the limit" : null, mem.Onset);
            file.Onset = EventStep.Earliest(file.Onset, mem.Onset);
        }

        if (file.Traffic is { } traffic)
        {
            parts.Add($"Traffic went up {Units.Number(Math.Round(traffic.Factor, 1))}x: {Units.Number(traffic.Before)} → {Units.Number(traffic.After)} requests/s from {Units.Clock(traffic.Onset)}.");
            file.Note("thanos: rate(http_requests_total)", $"{Units.Number(traffic.Before)} → {Units.Number(traffic.After)} rps at {traffic.Onset:O}", "load increased", traffic.Onset);
        }
        else if (file.RequestRateNow is { } rps && (file.Memory is not null || file.Latency is not null))
        {
            parts.Add($"Traffic is steady at {Units.Number(rps)} requests/s.");
            file.Note("thanos: rate(http_requests_total)", $"steady at {Units.Number(rps)} rps", "load did not change");
        }

        if (file.ErrorRatio is { } errors and >= 0.01)
        {
            parts.Add($"{Units.Percent(errors)} of requests fail with 5xx.");
            file.Note("thanos: http_requests_total{code=~\"5..\"}", $"{Units.Percent(errors)} errors");
        }

        if (file.ThrottledRatio is { } throttled && (throttled >= 0.25 || file.Latency is not null))
        {
            parts.Add(throttled >= 0.25
                ? $"CPU is throttled in {Units.Percent(throttled)} of CFS periods{(file.CpuLimit is { } cpu ? $" at the {cpu} limit" : "")}."
                : $"CPU throttling is negligible ({Units.Percent(throttled)} of periods).");
            file.Note("thanos: container_cpu_cfs_throttled_periods_total", $"throttled {Units.Percent(throttled)} of periods", throttled >= 0.25 ? "CPU-starved" : null);
        }

        if (file.Hpa is { } hpa && hpa.Current >= hpa.Max)
        {
            parts.Add($"The HorizontalPodAutoscaler is at its maximum: {Units.Number(hpa.Current)} of {Units.Number(hpa.Max)} replicas, so it can't add more.");
            file.Note("thanos: kube_horizontalpodautoscaler_*", $"{hpa.Current}/{hpa.Max} replicas (at max)", "cannot scale out further");
        }

        foreach (var pool in file.Pools.Where(p => p.Max > 0 && p.InUse >= p.Max * 0.9))
        {
            parts.Add($"The connection pool towards {pool.Dependency} is at {Units.Number(pool.InUse)}/{Units.Number(pool.Max)} with {Units.Number(pool.Pending)} requests waiting.");
            file.Note("thanos: db_client_connections_in_use", $"pool {pool.Dependency} {pool.InUse}/{pool.Max}, {pool.Pending} waiting", "the pool is saturated");
        }

        if (parts.Count > 0)
        {
            await transcript.SayAsync("Looking at the metrics… " + string.Join(" ", parts), ct);
        }
        else if (file.Warnings.Count == 0)
        {
            await transcript.SayAsync("Looking at the metrics… memory, traffic, latency and errors look unremarkable over the last hours.", ct);
        }
    }
}
