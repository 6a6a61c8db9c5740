using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Controllers.Nodes;

/// <summary>
/// The default-scheduler: binds each unscheduled pod to a Ready, schedulable node whose taints it tolerates and whose
/// labels match its nodeSelector, spreading pods of the same owner (then all pods) across nodes. A pod that fits
/// nowhere gets PodScheduled=False/Unschedulable and a FailedScheduling event, and is retried when nodes change.
/// </summary>
internal sealed class Scheduler : IClusterController
{
    private const string Component = "default-scheduler";

    public IReadOnlyCollection<GroupResource> Watches { get; } = [Kinds.Pods, Kinds.Nodes];

    public TimeSpan? Reconcile(SimulatedCluster cluster)
    {
        var pending = cluster.Store.List(Kinds.Pods, null, p => p["spec"].Str("nodeName") is null && !p.IsDeleting()
            && (p["spec"].Str("schedulerName") ?? Component) == Component).Items;
        if (pending.Count == 0)
        {
            return null;
        }

        var nodes = NodeFacts.Read(cluster).Values.ToList();
        var load = new Dictionary<(string Node, string Owner), int>();
        var total = nodes.ToDictionary(n => n.Name, _ => 0, StringComparer.Ordinal);
        cluster.Store.Scan(Kinds.Pods, null, p =>
        {
            if (p["spec"].Str("nodeName") is { } node && !p.IsDeleting())
            {
                total[node] = total.GetValueOrDefault(node) + 1;
                var key = (node, ObjectRefs.ControllerUid(p) ?? "");
                load[key] = load.GetValueOrDefault(key) + 1;
            }
        });
        foreach (var pod in pending)
        {
            var owner = ObjectRefs.ControllerUid(pod) ?? "";
            var fits = nodes.Where(n => Fits(n, pod) is null).ToList();
            if (fits.Count == 0)
            {
                MarkUnschedulable(cluster, pod, nodes);
                continue;
            }

            var chosen = fits.OrderBy(n => owner.Length == 0 ? 0 : load.GetValueOrDefault((n.Name, owner)))
                .ThenBy(n => total.GetValueOrDefault(n.Name)).ThenBy(n => n.Name, StringComparer.Ordinal).First();
            Bind(cluster, pod, chosen.Name);
            total[chosen.Name] = total.GetValueOrDefault(chosen.Name) + 1;
            load[(chosen.Name, owner)] = load.GetValueOrDefault((chosen.Name, owner)) + 1;
        }

        return null;
    }

    /// <summary>Why the pod does not fit the node, in the scheduler's words; null when it fits.</summary>
    private static string? Fits(NodeFacts node, JsonObject pod)
    {
        var spec = pod["spec"];
        if (!node.Ready)
        {
            return "node(s) were not ready";
        }

        if (node.Unschedulable && !new Taint("node.kubernetes.io/unschedulable", "", "NoSchedule").ToleratedBy(spec?["tolerations"]))
        {
            return "node(s) were unschedulable";
        }

        if (node.Taints.FirstOrDefault(t => t.Effect is "NoSchedule" or "NoExecute" && !t.ToleratedBy(spec?["tolerations"])) is { } taint)
        {
            return $"node(s) had untolerated taint {taint}";
        }

        var selector = spec?["nodeSelector"].StringMap() ?? new Dictionary<string, string>();
        return selector.All(kv => node.Labels.GetValueOrDefault(kv.Key) == kv.Value) ? null : "node(s) didn't match Pod's node affinity/selector";
    }

    private static void Bind(SimulatedCluster cluster, JsonObject pod, string node)
    {
        var now = cluster.Time.GetUtcNow();
        var bound = cluster.Store.Mutate(cluster.TypeOf(Kinds.Pods), pod.Namespace(), pod.Name(), current =>
        {
            if (current["spec"].Str("nodeName") is not null || current.IsDeleting())
            {
                return null;
            }

            current.Child("spec")["nodeName"] = node;
            ObjectRefs.SetCondition(current.Child("status"), "PodScheduled", "True", null, null, now);
            return current;
        });
        if (bound?["spec"].Str("nodeName") == node)
        {
            EventRecorder.Record(cluster, bound, EventRecorder.Normal, "Scheduled", $"Successfully assigned {pod.Namespace()}/{pod.Name()} to {node}", Component);
        }
    }

    private static void MarkUnschedulable(SimulatedCluster cluster, JsonObject pod, List<NodeFacts> nodes)
    {
        var reasons = nodes.Select(n => Fits(n, pod)).OfType<string>().GroupBy(r => r)
            .Select(g => $"{g.Count()} {g.Key}").Order(StringComparer.Ordinal);
        var message = $"0/{nodes.Count} nodes are available: {string.Join(", ", reasons)}. preemption: 0/{nodes.Count} nodes are available: {nodes.Count} Preemption is not helpful for scheduling.";
        if (pod.Condition("PodScheduled").Str("message") == message)
        {
            return;
        }

        var now = cluster.Time.GetUtcNow();
        var updated = cluster.Store.Mutate(cluster.TypeOf(Kinds.Pods), pod.Namespace(), pod.Name(), current =>
        {
            ObjectRefs.SetCondition(current.Child("status"), "PodScheduled", "False", "Unschedulable", message, now);
            return current;
        });
        if (updated is not null)
        {
            EventRecorder.Record(cluster, updated, EventRecorder.Warning, "FailedScheduling", message, Component);
        }
    }
}
