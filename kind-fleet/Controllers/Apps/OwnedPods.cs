using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;

namespace Kubernaut.KindFleet.Controllers.Apps;

/// <summary>What a workload controller needs to know about one of its pods, read without cloning the pod.</summary>
internal sealed record OwnedPod(
    string Namespace,
    string Name,
    string OwnerUid,
    bool Deleting,
    bool Scheduled,
    string Phase,
    bool Ready,
    DateTimeOffset? ReadySince,
    long Restarts,
    string Created,
    string? NodeName,
    IReadOnlyDictionary<string, string> Labels)
{
    public bool AvailableAt(long minReadySeconds, DateTimeOffset now) =>
        Ready && !Deleting && (minReadySeconds <= 0 || (ReadySince is { } t && t.AddSeconds(minReadySeconds) <= now));

    public static OwnedPod From(JsonObject pod, string ownerUid) => new(
        pod.Namespace(),
        pod.Name(),
        ownerUid,
        pod.IsDeleting(),
        pod["spec"].Str("nodeName") is not null,
        pod["status"].Str("phase") ?? "Pending",
        ObjectRefs.IsPodReady(pod),
        ObjectRefs.ParseTime(pod.Condition("Ready").Str("lastTransitionTime")),
        pod["status"]?["containerStatuses"].Objects().Sum(c => c.Long("restartCount") ?? 0) ?? 0,
        pod.Metadata().Str("creationTimestamp") ?? "",
        pod["spec"].Str("nodeName"),
        pod.Metadata()["labels"].StringMap());
}

internal static class OwnedPods
{
    /// <summary>Pods controlled by a workload of <paramref name="ownerKind"/>, grouped by the owner's uid.</summary>
    public static Dictionary<string, List<OwnedPod>> Index(SimulatedCluster cluster, string ownerKind)
    {
        var index = new Dictionary<string, List<OwnedPod>>(StringComparer.Ordinal);
        cluster.Store.Scan(Kinds.Pods, null, pod =>
        {
            var owner = ObjectRefs.ControllerOf(pod);
            if (owner.Str("kind") == ownerKind && owner.Str("uid") is { } uid)
            {
                if (!index.TryGetValue(uid, out var list))
                {
                    index[uid] = list = [];
                }

                list.Add(OwnedPod.From(pod, uid));
            }
        });
        return index;
    }

    /// <summary>The order the ReplicaSet controller gives up pods in: unscheduled, pending, not ready, restarting, newest.</summary>
    public static IEnumerable<OwnedPod> DeletionOrder(IEnumerable<OwnedPod> pods) => pods
        .OrderBy(p => p.Scheduled)
        .ThenBy(p => p.Phase switch { "Pending" => 0, "Unknown" => 1, _ => 2 })
        .ThenBy(p => p.Ready)
        .ThenByDescending(p => p.Restarts)
        .ThenByDescending(p => p.Created, StringComparer.Ordinal);
}
