using System.Globalization;
using Kubernaut.KindFleet.Controllers;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Simulation;

/// <summary>
/// The infrastructure team's node-maintenance automation: before draining a node it scales StatefulSets that have
/// pods there down (so their PodDisruptionBudget lets the drain through), noting on each the replicas to restore and
/// the node; when that node is uncordoned it restores them. If someone already scaled the StatefulSet back, it only
/// removes its notes.
/// </summary>
internal sealed class MaintenanceAutomation : IClusterController
{
    public const string RestoreReplicasAnnotation = "maintenance.kubernaut.ai/restore-replicas";
    public const string NodeAnnotation = "maintenance.kubernaut.ai/drained-node";

    public IReadOnlyCollection<GroupResource> Watches { get; } = [Kinds.Nodes, Kinds.StatefulSets];

    public bool RunsOn(SimulatedCluster cluster) => cluster.Name != SimulatedFleet.HubName;

    public TimeSpan? Reconcile(SimulatedCluster cluster)
    {
        var schedulable = cluster.Store.Project(Kinds.Nodes, null, n => n["spec"].Bool("unschedulable") == true ? null : n.Name()).ToHashSet(StringComparer.Ordinal);
        var waiting = cluster.Store.List(Kinds.StatefulSets, null, s => s.Metadata()["annotations"].Str(NodeAnnotation) is { } node && schedulable.Contains(node)).Items;
        foreach (var sts in waiting)
        {
            cluster.Store.Mutate(cluster.TypeOf(Kinds.StatefulSets), sts.Namespace(), sts.Name(), current =>
            {
                var annotations = current.Metadata().Child("annotations");
                var restore = long.TryParse(annotations.Str(RestoreReplicasAnnotation), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
                if ((current["spec"].Long("replicas") ?? 1) < restore)
                {
                    current.Child("spec")["replicas"] = restore;
                }

                annotations.Remove(RestoreReplicasAnnotation);
                annotations.Remove(NodeAnnotation);
                return current;
            });
            EventRecorder.Record(cluster, sts, EventRecorder.Normal, "MaintenanceFinished",
                $"node {sts.Metadata()["annotations"].Str(NodeAnnotation)} is schedulable again; restored replicas", "node-maintenance-automation");
        }

        return null;
    }
}
