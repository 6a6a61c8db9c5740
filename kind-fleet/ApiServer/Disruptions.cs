using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;
using Kubernaut.KindFleet.Selectors;

namespace Kubernaut.KindFleet.ApiServer;

/// <summary>PodDisruptionBudget checks for the eviction API (minAvailable / maxUnavailable as integers).</summary>
internal static class Disruptions
{
    private static readonly GroupResource Budgets = new("policy", "poddisruptionbudgets");
    private static readonly GroupResource Pods = new("", "pods");

    public static bool WouldViolateBudget(SimulatedCluster cluster, JsonObject pod)
    {
        var ns = pod.Metadata().Str("namespace");
        foreach (var pdb in cluster.Store.List(Budgets, ns).Items)
        {
            var selector = LabelSelector.FromObject(pdb["spec"]?["selector"]);
            if (selector.IsEmpty || !selector.Matches(pod))
            {
                continue;
            }

            var matching = cluster.Store.List(Pods, ns, selector.Matches).Items;
            var healthy = matching.Count(IsReady);
            var minAvailable = pdb["spec"].Long("minAvailable");
            var maxUnavailable = pdb["spec"].Long("maxUnavailable");
            if ((minAvailable is { } min && healthy - 1 < min) || (maxUnavailable is { } max && matching.Count - healthy + 1 > max))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsReady(JsonObject pod) =>
        pod["status"]?["conditions"].Objects().Any(c => c.Str("type") == "Ready" && c.Str("status") == "True") == true;
}
