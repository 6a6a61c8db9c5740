using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;

namespace Kubernaut.KindFleet.Scenarios;

/// <summary>Health as an SRE's checks see it, read from the cluster's objects and the physics' plans.</summary>
internal static class WorkloadHealth
{
    public static bool Exists(SimulatedCluster cluster, string ns, string kind, string name) => kind switch
    {
        "Deployment" => cluster.Store.Get(Kinds.Deployments, ns, name) is not null,
        "StatefulSet" => cluster.Store.Get(Kinds.StatefulSets, ns, name) is not null,
        _ => false,
    };

    /// <summary>
    /// Every replica updated, available and ready; no container waiting (pull, config, crash back-off); no running
    /// container whose memory curve will cross its limit; none throttled.
    /// </summary>
    public static bool DeploymentHealthy(ScenarioContext context, string ns, string name)
    {
        var cluster = context.Cluster;
        if (cluster.Store.Get(Kinds.Deployments, ns, name) is not { } deployment)
        {
            return false;
        }

        var replicas = deployment["spec"].Long("replicas") ?? 1;
        var status = deployment["status"];
        if ((status.Long("updatedReplicas") ?? 0) != replicas || (status.Long("availableReplicas") ?? 0) != replicas || (status.Long("replicas") ?? 0) != replicas)
        {
            return false;
        }

        return PodsOf(cluster, ns, deployment).All(pod => PodHealthy(context, pod));
    }

    public static bool PodHealthy(ScenarioContext context, JsonObject pod)
    {
        if (!ObjectRefs.IsPodReady(pod))
        {
            return false;
        }

        var now = context.Cluster.Time.GetUtcNow();
        foreach (var status in pod["status"]?["containerStatuses"].Objects() ?? [])
        {
            var container = pod["spec"]?["containers"].Objects().FirstOrDefault(c => c.Str("name") == status.Str("name"));
            if (container is null || ObjectRefs.ParseTime(status["state"]?["running"].Str("startedAt")) is not { } since)
            {
                return false;
            }

            var plan = context.Physics.Plan(context.Cluster, pod, container, since, now);
            if (plan.OomAt is not null || plan.ThrottledFraction > 0)
            {
                return false;
            }
        }

        return true;
    }

    public static List<JsonObject> PodsOf(SimulatedCluster cluster, string ns, JsonObject workload)
    {
        var selector = workload["spec"]?["selector"]?["matchLabels"].StringMap() ?? new Dictionary<string, string>();
        return cluster.Store.List(Kinds.Pods, ns, p => !p.IsDeleting()
            && selector.All(kv => p.Metadata()["labels"].StringMap().GetValueOrDefault(kv.Key) == kv.Value)).Items;
    }
}
