using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Controllers.Apps;

/// <summary>
/// The ReplicaSet controller: keeps <c>spec.replicas</c> pods named <c>&lt;rs&gt;-&lt;5 chars&gt;</c> alive, removes
/// the surplus (not-ready and newest first) and reports replicas/ready/available in status.
/// </summary>
internal sealed class ReplicaSetController : IClusterController
{
    private const string Component = "replicaset-controller";

    public IReadOnlyCollection<GroupResource> Watches { get; } = [Kinds.ReplicaSets, Kinds.Pods];

    public TimeSpan? Reconcile(SimulatedCluster cluster)
    {
        var now = cluster.Time.GetUtcNow();
        var pods = OwnedPods.Index(cluster, "ReplicaSet");
        TimeSpan? requeue = null;
        foreach (var rs in cluster.Store.List(Kinds.ReplicaSets, null).Items.Where(r => !r.IsDeleting()))
        {
            var owned = pods.GetValueOrDefault(rs.Uid()) ?? [];
            var desired = (int)(rs["spec"].Long("replicas") ?? 1);
            var active = owned.Where(p => !p.Deleting).ToList();
            if (active.Count < desired)
            {
                for (var i = active.Count; i < desired; i++)
                {
                    var pod = PodFactory.Create(cluster, PodFactory.FromTemplate(cluster, rs, rs["spec"]?["template"], rs.Name() + "-" + ApiServer.Admission.RandomSuffix()));
                    EventRecorder.Record(cluster, rs, EventRecorder.Normal, "SuccessfulCreate", $"Created pod: {pod.Name()}", Component);
                }
            }
            else if (active.Count > desired)
            {
                foreach (var victim in OwnedPods.DeletionOrder(active).Take(active.Count - desired))
                {
                    if (cluster.Store.Get(Kinds.Pods, victim.Namespace, victim.Name) is { } pod)
                    {
                        PodDeletion.Delete(cluster, pod);
                        EventRecorder.Record(cluster, rs, EventRecorder.Normal, "SuccessfulDelete", $"Deleted pod: {victim.Name}", Component);
                    }
                }
            }

            var minReady = rs["spec"].Long("minReadySeconds") ?? 0;
            WriteStatus(cluster, rs, active, minReady, now);
            if (minReady > 0 && active.Any(p => p.Ready && !p.AvailableAt(minReady, now)))
            {
                requeue = TimeSpan.FromSeconds(1);
            }
        }

        return requeue;
    }

    private static void WriteStatus(SimulatedCluster cluster, JsonObject rs, List<OwnedPod> active, long minReady, DateTimeOffset now)
    {
        var selector = rs["spec"]?["template"]?["metadata"]?["labels"].StringMap() ?? new Dictionary<string, string>();
        var status = new JsonObject
        {
            ["replicas"] = active.Count,
            ["fullyLabeledReplicas"] = active.Count(p => selector.All(kv => p.Labels.GetValueOrDefault(kv.Key) == kv.Value)),
            ["readyReplicas"] = active.Count(p => p.Ready),
            ["availableReplicas"] = active.Count(p => p.AvailableAt(minReady, now)),
            ["observedGeneration"] = rs.Metadata().Long("generation") ?? 1,
        };
        if (JsonNode.DeepEquals(status, rs["status"]))
        {
            return;
        }

        cluster.Store.Mutate(cluster.TypeOf(Kinds.ReplicaSets), rs.Namespace(), rs.Name(), current =>
        {
            current["status"] = status.DeepClone();
            return current;
        });
    }
}
