using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;

namespace Kubernaut.KindFleet.Simulation;

/// <summary>
/// Computes each container's plan from the cluster's current objects only (never from which scenario runs): its image's
/// facts from the registry catalog, its limits from the pod spec, its configuration from the ConfigMaps it mounts (as
/// of when it started or last reloaded them), its traffic from the ready endpoints of the Service in front of it.
/// </summary>
internal sealed class WorkloadPhysics(ImageCatalog catalog)
{
    /// <summary>How long after a ConfigMap change each pod of a workload picks it up (the kubelet's volume sync), by pod ordinal.</summary>
    private static readonly TimeSpan[] ReloadDelays = [TimeSpan.Zero, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(90)];

    private readonly ConcurrentDictionary<string, (long Revision, ClusterView View)> _views = new(StringComparer.Ordinal);

    public ImageCatalog Catalog => catalog;

    public ConfigHistory Configs { get; } = new();

    /// <summary>The cluster's objects as of now (re-read only when something changed).</summary>
    public ClusterView View(SimulatedCluster cluster)
    {
        var revision = cluster.Store.Revision;
        if (_views.TryGetValue(cluster.Name, out var cached) && cached.Revision == revision)
        {
            return cached.View;
        }

        var view = ClusterView.Read(cluster);
        var now = cluster.Time.GetUtcNow();
        foreach (var ((ns, name), data) in view.ConfigMaps)
        {
            Configs.Observe(cluster.Name, ns, name, data, now);
        }

        _views[cluster.Name] = (revision, view);
        return view;
    }

    public ContainerPlan Plan(SimulatedCluster cluster, JsonObject pod, JsonObject container, DateTimeOffset since, DateTimeOffset now)
    {
        var view = View(cluster);
        var facts = catalog.Facts(container.Str("image") ?? "");
        var resources = container["resources"];
        var request = Quantity.Parse(resources?["requests"].Str("memory")) ?? (128 * Quantity.MiB);
        var limit = Quantity.Parse(resources?["limits"].Str("memory"));
        var baseMiB = 0.83 * request / Quantity.MiB;
        var labels = pod.Metadata()["labels"].StringMap();
        var rps = view.RequestsPerPod(pod.Namespace(), labels);
        var traffic = facts.MemoryPerRpsMiB * rps;

        var (configMap, mountPath) = MountedConfig(pod, container);
        var startCache = CacheSettings.Default;
        DateTimeOffset? reloadAt = null;
        CacheSettings? reloadCache = null;
        if (configMap is not null)
        {
            var delay = ReloadDelays[Ordinal(cluster, pod) % ReloadDelays.Length];
            foreach (var version in Configs.Versions(cluster.Name, pod.Namespace(), configMap))
            {
                var effective = version.SeenAt == DateTimeOffset.MinValue ? version.SeenAt : version.SeenAt + delay;

                // Container start times have whole-second resolution: a restart in the same second as a reload loaded it.
                if (effective <= since + TimeSpan.FromSeconds(1))
                {
                    startCache = version.Cache;
                }
                else if (effective <= now && reloadAt is null)
                {
                    // The first reload of this instance decides its fate; a later one (a rollback) only matters if it survived.
                    reloadAt = effective;
                    reloadCache = version.Cache;
                }
                else if (effective <= now && reloadCache is not null && !Kills(baseMiB, reloadCache, facts, traffic, limit))
                {
                    reloadAt = effective;
                    reloadCache = version.Cache;
                }
            }
        }

        var cpuDemand = 0.02 + (rps * facts.CpuPerRequest);
        return new ContainerPlan(
            since,
            baseMiB,
            Plateau(baseMiB, startCache, facts, traffic),
            startCache,
            reloadAt,
            reloadCache,
            reloadCache is null ? 0 : Plateau(baseMiB, reloadCache, facts, traffic),
            limit / Quantity.MiB,
            rps,
            cpuDemand,
            Quantity.Parse(resources?["limits"].Str("cpu")),
            mountPath);
    }

    /// <summary>Secrets or ConfigMaps the container needs at creation that do not exist (CreateContainerConfigError).</summary>
    public string? MissingReference(SimulatedCluster cluster, JsonObject pod, JsonObject container)
    {
        var view = View(cluster);
        var ns = pod.Namespace();
        var secrets = container["envFrom"].Objects().Where(e => e["secretRef"].Bool("optional") != true).Select(e => e["secretRef"].Str("name"))
            .Concat(container["env"].Objects().Where(e => e["valueFrom"]?["secretKeyRef"].Bool("optional") != true).Select(e => e["valueFrom"]?["secretKeyRef"].Str("name")))
            .OfType<string>();
        if (secrets.FirstOrDefault(s => !view.Secrets.Contains((ns, s))) is { } secret)
        {
            return $"secret \"{secret}\" not found";
        }

        var configMaps = container["envFrom"].Objects().Where(e => e["configMapRef"].Bool("optional") != true).Select(e => e["configMapRef"].Str("name")).OfType<string>();
        return configMaps.FirstOrDefault(c => !view.ConfigMaps.ContainsKey((ns, c))) is { } cm ? $"configmap \"{cm}\" not found" : null;
    }

    private static bool Kills(double baseMiB, CacheSettings cache, ImageFacts facts, double traffic, double? limit) =>
        limit is { } l && Plateau(baseMiB, cache, facts, traffic) > l / Quantity.MiB;

    private static double Plateau(double baseMiB, CacheSettings cache, ImageFacts facts, double traffic) =>
        baseMiB + traffic + (facts.DatasetMiB <= 0 ? 0 : cache.EvictionEnabled ? Math.Min(cache.SoftLimitMiB, facts.DatasetMiB) : facts.DatasetMiB);

    private static (string? ConfigMap, string? MountPath) MountedConfig(JsonObject pod, JsonObject container)
    {
        var volumes = pod["spec"]?["volumes"].Objects().Where(v => v["configMap"] is not null)
            .ToDictionary(v => v.Str("name") ?? "", v => v["configMap"].Str("name"), StringComparer.Ordinal) ?? [];
        foreach (var mount in container["volumeMounts"].Objects())
        {
            if (volumes.TryGetValue(mount.Str("name") ?? "", out var cm) && cm is not null)
            {
                return (cm, mount.Str("mountPath"));
            }
        }

        return (container["envFrom"].Objects().Select(e => e["configMapRef"].Str("name")).OfType<string>().FirstOrDefault(), null);
    }

    /// <summary>The pod's position among its live siblings (same controller), by name.</summary>
    private static int Ordinal(SimulatedCluster cluster, JsonObject pod)
    {
        var owner = ObjectRefs.ControllerUid(pod);
        if (owner is null)
        {
            return 0;
        }

        var siblings = new List<string>();
        cluster.Store.Scan(Kinds.Pods, pod.Namespace(), p =>
        {
            if (ObjectRefs.ControllerUid(p) == owner && !p.IsDeleting())
            {
                siblings.Add(p.Name());
            }
        });
        siblings.Sort(StringComparer.Ordinal);
        return Math.Max(0, siblings.IndexOf(pod.Name()));
    }
}
