using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Scenarios;

/// <summary>The writes a scenario makes, as the people and automation in its story would make them through the API.</summary>
internal static class ClusterEdits
{
    public static void Change(SimulatedCluster cluster, GroupResource resource, string ns, string name, Action<JsonObject> change) =>
        cluster.Store.Mutate(cluster.TypeOf(resource), ns, name, obj =>
        {
            change(obj);
            return obj;
        });

    /// <summary>A new pod template as a CD pipeline's apply would write it (image, change-cause).</summary>
    public static void Deploy(SimulatedCluster cluster, string ns, string deployment, Action<JsonObject> podSpec, string changeCause) =>
        Change(cluster, Kinds.Deployments, ns, deployment, d =>
        {
            d.Metadata().Child("annotations")["kubernetes.io/change-cause"] = changeCause;
            podSpec(d.Child("spec").Child("template").Child("spec"));
        });

    public static void SetImage(JsonObject podSpec, string image) => podSpec["containers"]![0]!["image"] = image;

    public static void SetTraffic(SimulatedCluster cluster, string ns, string service, double rps) =>
        Change(cluster, Kinds.Services, ns, service, s =>
            s.Metadata().Child("annotations")[Simulation.ClusterView.TrafficAnnotation] = rps.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>kubectl drain: cordon, then evict every pod on the node that a controller (other than a DaemonSet) owns.</summary>
    public static void Drain(SimulatedCluster cluster, string node)
    {
        Change(cluster, Kinds.Nodes, "", node, n => n.Child("spec")["unschedulable"] = true);
        if (cluster.Store.Get(Kinds.Nodes, "", node) is { } cordoned)
        {
            EventRecorder.Record(cluster, cordoned, EventRecorder.Normal, "NodeNotSchedulable", $"Node {node} status is now: NodeNotSchedulable", "kubelet", node);
        }

        foreach (var pod in cluster.Store.List(Kinds.Pods, null, p => p["spec"].Str("nodeName") == node && !p.IsDeleting() && ObjectRefs.ControllerKind(p) != "DaemonSet").Items)
        {
            cluster.Store.BeginGracefulDelete(cluster.TypeOf(Kinds.Pods), pod.Namespace(), pod.Name(), pod["spec"].Long("terminationGracePeriodSeconds") ?? 30);
        }
    }
}
