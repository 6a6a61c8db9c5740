using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;

namespace Kubernaut.KindFleet.Controllers.Apps;

/// <summary>
/// A Deployment's status from its ReplicaSets: counts, observedGeneration, and the Available and Progressing
/// conditions (NewReplicaSetCreated, ReplicaSetUpdated, NewReplicaSetAvailable, ProgressDeadlineExceeded).
/// </summary>
internal static class DeploymentStatus
{
    /// <summary>Writes status when it changed; returns when the progress deadline should be checked again.</summary>
    public static TimeSpan? Write(SimulatedCluster cluster, JsonObject deployment, JsonObject newRs, List<JsonObject> all, RolloutMath rollout,
        bool created, DateTimeOffset now)
    {
        var previous = deployment["status"] as JsonObject ?? [];
        var desired = rollout.Desired;
        var replicas = all.Sum(rs => ReplicaSets.Status(rs, "replicas"));
        var updated = ReplicaSets.Status(newRs, "replicas");
        var ready = all.Sum(rs => ReplicaSets.Status(rs, "readyReplicas"));
        var available = all.Sum(rs => ReplicaSets.Status(rs, "availableReplicas"));
        var status = new JsonObject
        {
            ["observedGeneration"] = deployment.Metadata().Long("generation") ?? 1,
            ["replicas"] = replicas,
            ["updatedReplicas"] = updated,
            ["readyReplicas"] = ready,
            ["availableReplicas"] = available,
            ["unavailableReplicas"] = Math.Max(0, all.Sum(ReplicaSets.SpecReplicas) - available),
            ["conditions"] = previous["conditions"]?.DeepClone() ?? new JsonArray(),
        };
        if (previous["collisionCount"] is { } collisions)
        {
            status["collisionCount"] = collisions.DeepClone();
        }

        var minimum = available >= rollout.MinAvailable;
        ObjectRefs.SetCondition(status, "Available", minimum ? "True" : "False",
            minimum ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
            minimum ? "Deployment has minimum availability." : "Deployment does not have minimum availability.", now, withUpdateTime: true);
        var requeue = SetProgressing(deployment, status, previous, newRs.Name(), created, now);
        foreach (var key in new[] { "readyReplicas", "availableReplicas", "unavailableReplicas", "updatedReplicas", "replicas" })
        {
            if (status.Long(key) == 0 && key != "replicas")
            {
                status.Remove(key);
            }
        }

        if (!JsonNode.DeepEquals(status, previous))
        {
            cluster.Store.Mutate(cluster.TypeOf(Kinds.Deployments), deployment.Namespace(), deployment.Name(), current =>
            {
                current["status"] = status.DeepClone();
                return current;
            });
        }

        return requeue;
    }

    private static TimeSpan? SetProgressing(JsonObject deployment, JsonObject status, JsonObject previous, string rsName, bool created, DateTimeOffset now)
    {
        var desired = deployment["spec"].Long("replicas") ?? 1;
        var complete = status.Long("updatedReplicas") == desired && status.Long("replicas") == desired
            && status.Long("availableReplicas") == desired;
        var condition = status.Condition("Progressing");
        if (complete)
        {
            ObjectRefs.SetCondition(status, "Progressing", "True", "NewReplicaSetAvailable", $"ReplicaSet \"{rsName}\" has successfully progressed.", now, withUpdateTime: true);
            return null;
        }

        if (created)
        {
            ObjectRefs.SetCondition(status, "Progressing", "True", "NewReplicaSetCreated", $"Created new replica set \"{rsName}\"", now, withUpdateTime: true, touch: true);
        }
        else if (MadeProgress(status, previous) || condition is null || condition.Str("reason") == "NewReplicaSetAvailable"
            || (condition.Str("reason") != "ProgressDeadlineExceeded" && !condition.Str("message")!.Contains(rsName, StringComparison.Ordinal)))
        {
            ObjectRefs.SetCondition(status, "Progressing", "True", "ReplicaSetUpdated", $"ReplicaSet \"{rsName}\" is progressing.", now, withUpdateTime: true, touch: true);
        }

        if (deployment["spec"].Bool("paused") == true)
        {
            return null;
        }

        var deadline = TimeSpan.FromSeconds(deployment["spec"].Long("progressDeadlineSeconds") ?? 600);
        var since = ObjectRefs.ParseTime(status.Condition("Progressing").Str("lastUpdateTime")) ?? now;
        if (status.Condition("Progressing").Str("status") == "True" && since + deadline <= now)
        {
            ObjectRefs.SetCondition(status, "Progressing", "False", "ProgressDeadlineExceeded", $"ReplicaSet \"{rsName}\" has timed out progressing.", now, withUpdateTime: true);
            return null;
        }

        var left = since + deadline - now;
        return left > TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1);
    }

    /// <summary>The real controller's notion of progress: more updated/ready/available pods, or fewer old ones.</summary>
    private static bool MadeProgress(JsonObject next, JsonObject previous)
    {
        long Get(JsonObject s, string k) => s.Long(k) ?? 0;
        return Get(next, "updatedReplicas") > Get(previous, "updatedReplicas")
            || Get(next, "readyReplicas") > Get(previous, "readyReplicas")
            || Get(next, "availableReplicas") > Get(previous, "availableReplicas")
            || Get(next, "replicas") - Get(next, "updatedReplicas") < Get(previous, "replicas") - Get(previous, "updatedReplicas");
    }
}
