using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Metrics;

namespace Kubernaut.KindFleet.Simulation;

/// <summary>The label sets the simulated exporters use (every one carries <c>cluster</c>, as a federated Prometheus would).</summary>
internal static class WorkloadLabels
{
    public static LabelSet Pod(SimulatedCluster cluster, JsonObject pod) =>
        LabelSet.Of(("cluster", cluster.Name), ("namespace", pod.Namespace()), ("pod", pod.Name()));

    public static LabelSet Container(SimulatedCluster cluster, JsonObject pod, string container) =>
        Pod(cluster, pod).With("container", container);

    public static LabelSet Object(SimulatedCluster cluster, string ns, string kindLabel, string name) =>
        LabelSet.Of(("cluster", cluster.Name), ("namespace", ns), (kindLabel, name));
}
