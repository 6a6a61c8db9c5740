using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers.Nodes;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Metrics;

namespace Kubernaut.KindFleet.Simulation;

/// <summary>
/// The kubelet's view of the workload physics: an image missing from the registry fails to pull, a missing Secret
/// fails container creation, a working set above the memory limit is OOM-killed at the instant it crosses it, a probe
/// path the image does not serve fails (readiness: unready; liveness: killed and restarted).
/// </summary>
internal sealed class PhysicsContainerBehavior(WorkloadPhysics physics, ApplicationLogs logs, MetricsRecorder recorder) : IContainerBehavior
{
    private readonly ConcurrentDictionary<(string Uid, string Container, DateTimeOffset Since), bool> _oomRecorded = new();

    public TimeSpan? ResyncInterval => TimeSpan.FromSeconds(15);

    public ContainerVerdict Evaluate(ContainerContext context)
    {
        var (cluster, pod, container) = (context.Cluster, context.Pod, context.Container);
        var image = container.Str("image") ?? "";
        if (context.RunningSince is not { } since)
        {
            if (physics.Catalog.PullError(image) is { } pull)
            {
                return new ContainerVerdict.ImagePullFails(pull);
            }

            if (physics.MissingReference(cluster, pod, container) is { } missing)
            {
                return new ContainerVerdict.ConfigError(missing);
            }

            var plan = physics.Plan(cluster, pod, container, context.Now, context.Now);
            return new ContainerVerdict.Healthy([.. StartupLogs.For(pod, container), .. ApplicationLogs.CacheConfigured(plan)]);
        }

        var running = physics.Plan(cluster, pod, container, since, context.Now);
        logs.Emit(cluster, pod, container, running, context.Now);
        if (running.OomAt is { } oom && oom <= context.Now)
        {
            RecordPeak(cluster, pod, container, running, oom);
            return new ContainerVerdict.Exits("OOMKilled", 137, [], oom);
        }

        var served = physics.Catalog.Facts(image).HealthPaths;
        if (Probe(container, "livenessProbe", served) is { } liveness)
        {
            var period = container["livenessProbe"].Long("periodSeconds") ?? 10;
            var killAt = since + TimeSpan.FromSeconds((container["livenessProbe"].Long("initialDelaySeconds") ?? 0) + (period * (container["livenessProbe"].Long("failureThreshold") ?? 3)));
            if (killAt <= context.Now)
            {
                var node = pod["spec"].Str("nodeName");
                var field = $"spec.containers{{{container.Str("name")}}}";
                EventRecorder.Record(cluster, pod, EventRecorder.Warning, "Unhealthy", $"Liveness probe failed: {liveness}", "kubelet", node, field, killAt);
                EventRecorder.Record(cluster, pod, EventRecorder.Normal, "Killing", $"Container {container.Str("name")} failed liveness probe, will be restarted", "kubelet", node, field, killAt);
                return new ContainerVerdict.Exits("Error", 143, ["level=info msg=\"received SIGTERM, shutting down\""], killAt);
            }
        }

        return Probe(container, "readinessProbe", served) is { } readiness ? new ContainerVerdict.Unready(readiness) : new ContainerVerdict.Healthy([]);
    }

    /// <summary>The probe's failure message when the image does not serve its HTTP path; null when it passes.</summary>
    private static string? Probe(JsonObject container, string probe, IReadOnlyList<string> served)
    {
        var path = container[probe]?["httpGet"].Str("path");
        return path is null || served.Count == 0 || served.Contains(path) ? null : "HTTP probe failed with statuscode: 404";
    }

    /// <summary>The last working-set sample before the kill, at the kill's instant (what cAdvisor saw just before).</summary>
    private void RecordPeak(SimulatedCluster cluster, JsonObject pod, JsonObject container, ContainerPlan plan, DateTimeOffset at)
    {
        if (!_oomRecorded.TryAdd((pod.Uid(), container.Str("name") ?? "", plan.Since), true))
        {
            return;
        }

        var labels = WorkloadLabels.Container(cluster, pod, container.Str("name") ?? "").With(LabelSet.MetricName, "container_memory_working_set_bytes");
        var peak = Math.Max(plan.MemoryAt(at), plan.LimitMiB ?? 0) * Quantity.MiB;
        recorder.RecordAt(at, labels, Math.Round(peak));
    }
}
