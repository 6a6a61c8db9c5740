using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;

namespace Kubernaut.KindFleet.Simulation;

/// <summary>
/// What the applications print about themselves, each line once and stamped with the simulated instant it happened
/// (a configuration reload, the cache passing its soft limit), however late the pass that notices it runs.
/// </summary>
internal sealed class ApplicationLogs
{
    private readonly ConcurrentDictionary<(string Uid, string Container, DateTimeOffset Since, string What), bool> _written = new();

    public static IReadOnlyList<string> CacheConfigured(ContainerPlan plan) => plan.ConfigMountPath is null && plan.StartPlateauMiB <= plan.BaseMiB
        ? []
        : [$"level=info msg=\"cache configured\" soft_limit={Mb(plan.StartCache.SoftLimitMiB)} eviction={(plan.StartCache.EvictionEnabled ? "lru" : "disabled")}"];

    public void Emit(SimulatedCluster cluster, JsonObject pod, JsonObject container, ContainerPlan plan, DateTimeOffset now)
    {
        var name = container.Str("name") ?? "";
        if (plan.SoftLimitExceededAt is { } soft && soft <= now && (plan.OomAt is not { } oom || soft < oom) && (plan.ReloadAt is not { } r || soft < r))
        {
            Write(cluster, pod, name, plan, "soft", soft, "level=warn msg=\"cache size exceeded soft limit, disabling eviction\" soft_limit=" + Mb(plan.StartCache.SoftLimitMiB));
        }

        if (plan.ReloadAt is { } reload && reload <= now && plan.ReloadCache is { } cache)
        {
            var source = plan.ConfigMountPath is null ? "environment" : plan.ConfigMountPath.TrimEnd('/') + "/config.yaml";
            Write(cluster, pod, name, plan, "reload", reload, $"level=info msg=\"config reloaded from {source}\"");
            if (!cache.EvictionEnabled)
            {
                Write(cluster, pod, name, plan, "reload-soft", reload, "level=warn msg=\"cache size exceeded soft limit, disabling eviction\" soft_limit=" + Mb(cache.SoftLimitMiB)
                    + " cache_size=" + Mb(plan.ReloadPlateauMiB - plan.BaseMiB));
            }
            else
            {
                Write(cluster, pod, name, plan, "reload-evict", reload, "level=info msg=\"cache eviction enabled, trimming cache to soft limit\" soft_limit=" + Mb(cache.SoftLimitMiB));
            }
        }
    }

    private void Write(SimulatedCluster cluster, JsonObject pod, string container, ContainerPlan plan, string what, DateTimeOffset at, string line)
    {
        if (_written.TryAdd((pod.Uid(), container, plan.Since, what), true))
        {
            cluster.Logs.Append(pod.Namespace(), pod.Name(), container, at, line);
        }
    }

    private static string Mb(double mib) => Math.Round(mib).ToString(CultureInfo.InvariantCulture) + "MB";
}
