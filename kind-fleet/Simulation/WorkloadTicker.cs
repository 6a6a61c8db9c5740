using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Metrics;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Simulation;

/// <summary>
/// Every <see cref="Interval"/> of simulated time, on every spoke: advances each running container's memory, CPU,
/// requests, latency, errors and connection pool from its plan, exports them as cAdvisor and application metrics,
/// writes request and pool log lines, and exports kube-state-metrics for the cluster's objects.
/// </summary>
internal sealed class WorkloadTicker(WorkloadPhysics physics, ApplicationLogs logs, IFleetMetrics metrics) : IClusterController
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<string, (GaugeWriter Writer, DateTimeOffset Last)> _clusters = new(StringComparer.Ordinal);

    public IReadOnlyCollection<GroupResource> Watches { get; } = [];

    public bool RunsOn(SimulatedCluster cluster) => cluster.Name != SimulatedFleet.HubName;

    public TimeSpan? Reconcile(SimulatedCluster cluster)
    {
        var now = cluster.Time.GetUtcNow();
        var (writer, last) = _clusters.GetOrAdd(cluster.Name, _ => (new GaugeWriter(metrics), now - Interval));
        var seconds = Math.Clamp((now - last).TotalSeconds, 0, 120);
        if (seconds < Interval.TotalSeconds / 2)
        {
            return Interval - (now - last);
        }

        _clusters[cluster.Name] = (writer, now);
        var view = physics.View(cluster);
        foreach (var pod in cluster.Store.List(Kinds.Pods, null, p => p["spec"].Str("nodeName") is not null && !p.IsDeleting()).Items)
        {
            Pod(cluster, view, writer, pod, now, seconds);
        }

        KubeStateMetrics.Export(cluster, writer);
        writer.Commit();
        return Interval;
    }

    private void Pod(SimulatedCluster cluster, ClusterView view, GaugeWriter writer, JsonObject pod, DateTimeOffset now, double seconds)
    {
        var ready = ObjectRefs.IsPodReady(pod);
        foreach (var status in pod["status"]?["containerStatuses"].Objects() ?? [])
        {
            var name = status.Str("name") ?? "";
            var labels = WorkloadLabels.Container(cluster, pod, name);
            KubeStateMetrics.Container(writer, labels, status);
            var container = pod["spec"]?["containers"].Objects().FirstOrDefault(c => c.Str("name") == name);
            if (container?["resources"]?["limits"].Str("memory") is { } limit)
            {
                writer.Set("container_spec_memory_limit_bytes", labels, Quantity.Parse(limit) ?? 0);
            }

            if (container is null || ObjectRefs.ParseTime(status["state"]?["running"].Str("startedAt")) is not { } since)
            {
                continue;
            }

            var plan = physics.Plan(cluster, pod, container, since, now);
            logs.Emit(cluster, pod, container, plan, now);
            var memory = plan.OomAt is { } oom && oom <= now ? plan.LimitMiB ?? 0 : plan.MemoryAt(now);
            writer.Set("container_memory_working_set_bytes", labels, Math.Round(memory * Quantity.MiB));
            writer.Add("container_cpu_usage_seconds_total", labels, plan.CpuUsageCores * seconds);
            var periods = seconds * 10;
            writer.Add("container_cpu_cfs_periods_total", labels, periods, whole: true);
            writer.Add("container_cpu_cfs_throttled_periods_total", labels, periods * plan.ThrottledFraction, whole: true);
            if (ready && plan.RequestsPerSecond > 0 && view.ServiceOf(pod.Namespace(), pod.Metadata()["labels"].StringMap()) is { } service)
            {
                Requests(cluster, view, writer, pod, container, service, plan, now, seconds);
            }
        }
    }

    private static void Requests(SimulatedCluster cluster, ClusterView view, GaugeWriter writer, JsonObject pod, JsonObject container, ServiceTraffic service,
        ContainerPlan plan, DateTimeOffset now, double seconds)
    {
        var podLabels = WorkloadLabels.Pod(cluster, pod).With("service", service.Name);
        var pool = ConnectionPool.For(view, pod, container, service);
        var (p50, p99) = (0.045, 0.12);
        var errors = 0.0;
        if (pool is not null)
        {
            var poolLabels = podLabels.With("pool", pool.Dependency);
            writer.Set("db_client_connections_in_use", poolLabels, pool.InUse);
            writer.Set("db_client_connections_max", poolLabels, pool.Max);
            writer.Set("db_client_connections_pending_requests", poolLabels, pool.Pending);
            writer.Set("db_client_endpoints_ready", poolLabels, pool.ReadyEndpoints);
            (p50, p99) = (Math.Max(p50, pool.P50), Math.Max(p99, pool.P99));
            errors = pool.ErrorRatio;
            if (pool.Exhausted)
            {
                cluster.Logs.Append(pod.Namespace(), pod.Name(), container.Str("name") ?? "", now,
                    $"level=warn msg=\"connection pool exhausted, waiting for available connection\" pool={pool.Dependency} in_use={pool.InUse:0} max={pool.Max:0} waiting={pool.Pending:0}");
            }
        }

        if (plan.ThrottledFraction > 0)
        {
            (p50, p99) = (p50 * (1 + (5 * plan.ThrottledFraction)), p99 * (1 + (15 * plan.ThrottledFraction)));
        }

        var count = plan.RequestsPerSecond * seconds;
        writer.Add("http_requests_total", podLabels.With("code", "200"), count * (1 - errors), whole: true);
        writer.Add("http_requests_total", podLabels.With("code", "504"), count * errors, whole: true);
        foreach (var (value, share) in LatencyProfile.Shares(p50, p99, FleetMetricsRegistry.DefaultBuckets))
        {
            writer.Observe("http_request_duration_seconds", podLabels, value, count * share);
        }

        var ms = (p50 * 1000).ToString("0", CultureInfo.InvariantCulture);
        cluster.Logs.Append(pod.Namespace(), pod.Name(), container.Str("name") ?? "", now,
            errors > 0
                ? $"level=error msg=\"request failed\" method=POST path=/api/v1/{service.Name} status=504 duration_ms={p99 * 1000:0} error=\"timeout waiting for database connection\""
                : $"level=info msg=\"request served\" method=POST path=/api/v1/{service.Name} status=200 duration_ms={ms} rps={plan.RequestsPerSecond:0}");
    }
}
