using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Controllers.Apps;

/// <summary>Stamps a pod out of a workload's pod template, owned by that workload, with the apiserver's defaults.</summary>
internal static class PodFactory
{
    public static JsonObject FromTemplate(SimulatedCluster cluster, JsonObject owner, JsonNode? template, string name,
        IReadOnlyDictionary<string, string>? extraLabels = null)
    {
        var meta = template?["metadata"] as JsonObject;
        var labels = (meta?["labels"] as JsonObject)?.CloneObject() ?? [];
        foreach (var (k, v) in extraLabels ?? new Dictionary<string, string>())
        {
            labels[k] = v;
        }

        var podMeta = new JsonObject
        {
            ["name"] = name,
            ["generateName"] = owner.Name() + "-",
            ["namespace"] = owner.Namespace(),
            ["labels"] = labels,
            ["ownerReferences"] = ObjectRefs.ControllerReference(owner),
        };
        if (meta?["annotations"] is JsonObject annotations)
        {
            podMeta["annotations"] = annotations.CloneObject();
        }

        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = podMeta,
            ["spec"] = (template?["spec"] as JsonObject)?.CloneObject() ?? [],
        };
        var type = cluster.TypeOf(Kinds.Pods);
        Defaults.Apply(type, pod, cluster);
        return pod;
    }

    public static JsonObject Create(SimulatedCluster cluster, JsonObject pod) => cluster.Store.Create(cluster.TypeOf(Kinds.Pods), pod);
}
