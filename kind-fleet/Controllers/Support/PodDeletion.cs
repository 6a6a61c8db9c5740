using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;

namespace Kubernaut.KindFleet.Controllers.Support;

/// <summary>How controllers delete pods: like the API does, gracefully when a kubelet runs them.</summary>
internal static class PodDeletion
{
    /// <summary>The API server caps grace periods the same way, so simulated shutdowns stay short.</summary>
    public const long MaxGraceSeconds = 5;

    public static void Delete(SimulatedCluster cluster, JsonObject pod)
    {
        var type = cluster.TypeOf(Kinds.Pods);
        var grace = Math.Min(pod["spec"].Long("terminationGracePeriodSeconds") ?? 30, MaxGraceSeconds);
        if (pod["spec"].Str("nodeName") is not null && grace > 0)
        {
            cluster.Store.BeginGracefulDelete(type, pod.Namespace(), pod.Name(), grace);
        }
        else
        {
            cluster.Store.Delete(type, pod.Namespace(), pod.Name());
            cluster.Logs.Forget(pod.Namespace(), pod.Name());
        }
    }
}
