using System.Globalization;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Controllers.Apps;

/// <summary>
/// The StatefulSet controller: pods <c>&lt;sts&gt;-0..N-1</c> with stable names, created in order (with
/// OrderedReady, the next only once the previous is Ready), removed from the highest ordinal, replaced highest first
/// on a template change, with ControllerRevisions and PersistentVolumeClaims from volumeClaimTemplates.
/// </summary>
internal sealed class StatefulSetController : IClusterController
{
    public const string PodNameLabel = "statefulset.kubernetes.io/pod-name";
    public const string RevisionLabel = "controller-revision-hash";
    private const string Component = "statefulset-controller";

    public IReadOnlyCollection<GroupResource> Watches { get; } = [Kinds.StatefulSets, Kinds.Pods, Kinds.ControllerRevisions];

    public TimeSpan? Reconcile(SimulatedCluster cluster)
    {
        var pods = OwnedPods.Index(cluster, "StatefulSet");
        var revisions = cluster.Store.List(Kinds.ControllerRevisions, null, r => ObjectRefs.ControllerKind(r) == "StatefulSet").Items
            .GroupBy(r => ObjectRefs.ControllerUid(r) ?? "").ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var sts in cluster.Store.List(Kinds.StatefulSets, null).Items.Where(s => !s.IsDeleting()))
        {
            Sync(cluster, sts, pods.GetValueOrDefault(sts.Uid()) ?? [], revisions.GetValueOrDefault(sts.Uid()) ?? []);
        }

        return null;
    }

    private static void Sync(SimulatedCluster cluster, JsonObject sts, List<OwnedPod> pods, List<JsonObject> revisions)
    {
        var now = cluster.Time.GetUtcNow();
        var updateRevision = StatefulSetRevisions.Ensure(cluster, sts, revisions);
        var currentRevision = sts["status"].Str("currentRevision") ?? updateRevision;
        var replicas = (int)(sts["spec"].Long("replicas") ?? 1);
        var ordered = sts["spec"].Str("podManagementPolicy") != "Parallel";
        var partition = (int)(sts["spec"]?["updateStrategy"]?["rollingUpdate"].Long("partition") ?? 0);
        var byOrdinal = pods.Where(p => Ordinal(sts, p.Name) >= 0).ToDictionary(p => Ordinal(sts, p.Name));
        var blocked = false;
        for (var i = 0; i < replicas && !blocked; i++)
        {
            if (!byOrdinal.TryGetValue(i, out var pod))
            {
                CreatePod(cluster, sts, i, updateRevision);
                blocked = ordered;
            }
            else
            {
                blocked = ordered && (pod.Deleting || !pod.Ready);
            }
        }

        var condemned = byOrdinal.Where(kv => kv.Key >= replicas).OrderByDescending(kv => kv.Key).Select(kv => kv.Value).ToList();
        foreach (var pod in condemned)
        {
            if (blocked)
            {
                break;
            }

            if (!pod.Deleting)
            {
                DeletePod(cluster, sts, pod);
            }

            blocked = ordered;
        }

        if (!blocked && condemned.Count == 0 && sts["spec"]?["updateStrategy"].Str("type") != "OnDelete")
        {
            var stale = byOrdinal.Where(kv => kv.Key >= partition && kv.Key < replicas && kv.Value.Labels.GetValueOrDefault(RevisionLabel) != updateRevision)
                .OrderByDescending(kv => kv.Key).Select(kv => kv.Value).FirstOrDefault();
            if (stale is not null && !stale.Deleting && byOrdinal.Values.All(p => p.Ready || p == stale))
            {
                DeletePod(cluster, sts, stale);
            }
        }

        WriteStatus(cluster, sts, pods, currentRevision, updateRevision, replicas, now);
        StatefulSetRevisions.Prune(cluster, sts, revisions, currentRevision, updateRevision);
    }

    private static int Ordinal(JsonObject sts, string podName) =>
        podName.StartsWith(sts.Name() + "-", StringComparison.Ordinal)
        && int.TryParse(podName.AsSpan(sts.Name().Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;

    private static void CreatePod(SimulatedCluster cluster, JsonObject sts, int ordinal, string revision)
    {
        var name = $"{sts.Name()}-{ordinal}";
        var labels = new Dictionary<string, string>
        {
            [RevisionLabel] = revision,
            [PodNameLabel] = name,
            ["apps.kubernetes.io/pod-index"] = ordinal.ToString(CultureInfo.InvariantCulture),
        };
        var pod = PodFactory.FromTemplate(cluster, sts, sts["spec"]?["template"], name, labels);
        pod.Metadata().Remove("generateName");
        var spec = pod.Child("spec");
        spec["hostname"] = name;
        if (sts["spec"].Str("serviceName") is { Length: > 0 } service)
        {
            spec["subdomain"] = service;
        }

        foreach (var claim in sts["spec"]?["volumeClaimTemplates"].Objects() ?? [])
        {
            var claimName = $"{claim.Metadata().Str("name")}-{name}";
            EnsureClaim(cluster, sts, claim, claimName);
            var volumes = spec.ArrayOf("volumes");
            if (!volumes.Objects().Any(v => v.Str("name") == claim.Metadata().Str("name")))
            {
                volumes.Add(new JsonObject
                {
                    ["name"] = claim.Metadata().Str("name"),
                    ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = claimName },
                });
            }
        }

        try
        {
            PodFactory.Create(cluster, pod);
            EventRecorder.Record(cluster, sts, EventRecorder.Normal, "SuccessfulCreate", $"create Pod {name} in StatefulSet {sts.Name()} successful", Component);
        }
        catch (Storage.KubeApiException)
        {
            // The previous pod of that name is still being removed; the next pass creates it.
        }
    }

    private static void EnsureClaim(SimulatedCluster cluster, JsonObject sts, JsonObject template, string claimName)
    {
        if (cluster.Store.Get(Kinds.PersistentVolumeClaims, sts.Namespace(), claimName) is not null)
        {
            return;
        }

        var claim = template.CloneObject();
        claim["apiVersion"] = "v1";
        claim["kind"] = "PersistentVolumeClaim";
        var meta = claim.Metadata();
        meta["name"] = claimName;
        meta["namespace"] = sts.Namespace();
        var labels = meta.Child("labels");
        foreach (var (k, v) in sts["spec"]?["selector"]?["matchLabels"].StringMap() ?? new Dictionary<string, string>())
        {
            labels[k] = v;
        }

        var spec = claim.Child("spec");
        spec["storageClassName"] ??= "standard";
        spec["volumeName"] = "pvc-" + Guid.NewGuid().ToString();
        spec["volumeMode"] ??= "Filesystem";
        claim["status"] = new JsonObject
        {
            ["phase"] = "Bound",
            ["accessModes"] = spec["accessModes"]?.DeepClone(),
            ["capacity"] = spec["resources"]?["requests"]?.DeepClone(),
        };
        cluster.Store.Create(cluster.TypeOf(Kinds.PersistentVolumeClaims), claim);
        EventRecorder.Record(cluster, sts, EventRecorder.Normal, "SuccessfulCreate", $"create Claim {claimName} Pod {claimName[(template.Metadata().Str("name")!.Length + 1)..]} in StatefulSet {sts.Name()} success", Component);
    }

    private static void DeletePod(SimulatedCluster cluster, JsonObject sts, OwnedPod victim)
    {
        if (cluster.Store.Get(Kinds.Pods, victim.Namespace, victim.Name) is { } pod)
        {
            PodDeletion.Delete(cluster, pod);
            EventRecorder.Record(cluster, sts, EventRecorder.Normal, "SuccessfulDelete", $"delete Pod {victim.Name} in StatefulSet {sts.Name()} successful", Component);
        }
    }

    private static void WriteStatus(SimulatedCluster cluster, JsonObject sts, List<OwnedPod> pods, string currentRevision, string updateRevision,
        int replicas, DateTimeOffset now)
    {
        var active = pods.Where(p => !p.Deleting).ToList();
        var minReady = sts["spec"].Long("minReadySeconds") ?? 0;
        var updated = active.Count(p => p.Labels.GetValueOrDefault(RevisionLabel) == updateRevision);
        var ready = active.Count(p => p.Ready);
        if (updated == replicas && active.Count == replicas && ready == replicas)
        {
            currentRevision = updateRevision;
        }

        var status = new JsonObject
        {
            ["observedGeneration"] = sts.Metadata().Long("generation") ?? 1,
            ["replicas"] = active.Count,
            ["readyReplicas"] = ready,
            ["currentReplicas"] = active.Count(p => p.Labels.GetValueOrDefault(RevisionLabel) == currentRevision),
            ["updatedReplicas"] = updated,
            ["availableReplicas"] = active.Count(p => p.AvailableAt(minReady, now)),
            ["currentRevision"] = currentRevision,
            ["updateRevision"] = updateRevision,
            ["collisionCount"] = 0,
        };
        if (!JsonNode.DeepEquals(status, sts["status"]))
        {
            cluster.Store.Mutate(cluster.TypeOf(Kinds.StatefulSets), sts.Namespace(), sts.Name(), current =>
            {
                current["status"] = status.DeepClone();
                return current;
            });
        }
    }
}
