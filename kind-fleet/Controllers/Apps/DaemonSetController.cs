using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers.Nodes;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Controllers.Apps;

/// <summary>
/// A minimal DaemonSet controller: one pod per node whose taints the pod template tolerates (cordoned nodes included,
/// as daemon pods tolerate unschedulable), bound directly to its node; pods of an older template are replaced one at
/// a time. Enough for <c>kubectl drain --ignore-daemonsets</c> and <c>kubectl rollout status ds</c>.
/// </summary>
internal sealed class DaemonSetController : IClusterController
{
    private const string Component = "daemonset-controller";

    public IReadOnlyCollection<GroupResource> Watches { get; } = [Kinds.DaemonSets, Kinds.Pods, Kinds.Nodes];

    public TimeSpan? Reconcile(SimulatedCluster cluster)
    {
        var daemonSets = cluster.Store.List(Kinds.DaemonSets, null).Items.Where(d => !d.IsDeleting()).ToList();
        if (daemonSets.Count == 0)
        {
            return null;
        }

        var nodes = NodeFacts.Read(cluster).Values.ToList();
        var pods = OwnedPods.Index(cluster, "DaemonSet");
        foreach (var ds in daemonSets)
        {
            Sync(cluster, ds, nodes, pods.GetValueOrDefault(ds.Uid()) ?? []);
        }

        return null;
    }

    private static void Sync(SimulatedCluster cluster, JsonObject ds, List<NodeFacts> nodes, List<OwnedPod> pods)
    {
        var template = ds["spec"]?["template"];
        var hash = TemplateHash.Of(template);
        var tolerations = template?["spec"]?["tolerations"];
        var eligible = nodes.Where(n => n.Taints.All(t => t.Effect is not ("NoSchedule" or "NoExecute") || t.ToleratedBy(tolerations))).ToList();
        var active = pods.Where(p => !p.Deleting).ToList();
        var replacing = pods.Any(p => p.Deleting);
        foreach (var node in eligible.Where(n => !active.Any(p => p.NodeName == n.Name)))
        {
            var pod = PodFactory.FromTemplate(cluster, ds, template, $"{ds.Name()}-{ApiServer.Admission.RandomSuffix()}",
                new Dictionary<string, string> { ["controller-revision-hash"] = hash, ["pod-template-generation"] = ObjectRefs.Text(ds.Metadata().Long("generation") ?? 1) });
            var spec = pod.Child("spec");
            spec["nodeName"] = node.Name;
            var podTolerations = spec.ArrayOf("tolerations");
            foreach (var key in new[] { "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable" })
            {
                podTolerations.Add(new JsonObject { ["key"] = key, ["operator"] = "Exists", ["effect"] = "NoExecute" });
            }

            podTolerations.Add(new JsonObject { ["key"] = "node.kubernetes.io/unschedulable", ["operator"] = "Exists", ["effect"] = "NoSchedule" });
            var created = PodFactory.Create(cluster, pod);
            EventRecorder.Record(cluster, ds, EventRecorder.Normal, "SuccessfulCreate", $"Created pod: {created.Name()}", Component);
        }

        var misplaced = active.Where(p => !eligible.Any(n => n.Name == p.NodeName)).ToList();
        var outdated = replacing ? [] : active.Where(p => p.Labels.GetValueOrDefault("controller-revision-hash") != hash).Take(1);
        foreach (var victim in misplaced.Concat(outdated).DistinctBy(p => p.Name))
        {
            if (cluster.Store.Get(Kinds.Pods, victim.Namespace, victim.Name) is { } pod)
            {
                PodDeletion.Delete(cluster, pod);
                EventRecorder.Record(cluster, ds, EventRecorder.Normal, "SuccessfulDelete", $"Deleted pod: {victim.Name}", Component);
            }
        }

        var onEligible = active.Where(p => eligible.Any(n => n.Name == p.NodeName)).ToList();
        var status = new JsonObject
        {
            ["currentNumberScheduled"] = onEligible.Count,
            ["desiredNumberScheduled"] = eligible.Count,
            ["numberMisscheduled"] = misplaced.Count,
            ["numberReady"] = onEligible.Count(p => p.Ready),
            ["numberAvailable"] = onEligible.Count(p => p.Ready),
            ["updatedNumberScheduled"] = onEligible.Count(p => p.Labels.GetValueOrDefault("controller-revision-hash") == hash),
            ["observedGeneration"] = ds.Metadata().Long("generation") ?? 1,
        };
        var unavailable = eligible.Count - onEligible.Count(p => p.Ready);
        if (unavailable > 0)
        {
            status["numberUnavailable"] = unavailable;
        }

        if (!JsonNode.DeepEquals(status, ds["status"]))
        {
            cluster.Store.Mutate(cluster.TypeOf(Kinds.DaemonSets), ds.Namespace(), ds.Name(), current =>
            {
                current["status"] = status.DeepClone();
                return current;
            });
        }
    }
}
