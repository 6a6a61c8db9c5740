using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;

namespace Kubernaut.KindFleet.Controllers.Apps;

/// <summary>
/// The rolling-update arithmetic of the real deployment controller: surge the new ReplicaSet up to replicas+maxSurge,
/// then scale old ones down (unhealthy pods first) while keeping replicas-maxUnavailable pods available.
/// Each pass takes one step from the last observed ReplicaSet status, so a rollout advances as pods become ready.
/// </summary>
internal sealed record RolloutMath(int Desired, int MaxSurge, int MaxUnavailable, bool IsRecreate)
{
    public int MaxTotal => Desired + MaxSurge;

    public int MinAvailable => Desired - MaxUnavailable;

    public static RolloutMath For(JsonObject deployment, int desired)
    {
        var strategy = deployment["spec"]?["strategy"];
        if (strategy.Str("type") == "Recreate")
        {
            return new RolloutMath(desired, 0, desired, true);
        }

        var rolling = strategy?["rollingUpdate"];
        var surge = IntOrPercent.Resolve(rolling?["maxSurge"], desired, roundUp: true, fallback: (desired + 3) / 4);
        var unavailable = IntOrPercent.Resolve(rolling?["maxUnavailable"], desired, roundUp: false, fallback: desired / 4);
        if (surge == 0 && unavailable == 0)
        {
            unavailable = 1;
        }

        return new RolloutMath(desired, surge, unavailable, false);
    }

    /// <summary>How many replicas the new ReplicaSet should have, given its own and the old ones' spec.replicas.</summary>
    public int NewReplicas(int newCurrent, int oldTotal)
    {
        if (IsRecreate)
        {
            return oldTotal > 0 ? newCurrent : Desired;
        }

        if (newCurrent >= Desired)
        {
            return Desired;
        }

        var all = newCurrent + oldTotal;
        return all >= MaxTotal ? newCurrent : newCurrent + Math.Min(MaxTotal - all, Desired - newCurrent);
    }

    public void Roll(SimulatedCluster cluster, JsonObject deployment, JsonObject newRs, List<JsonObject> old)
    {
        var current = ReplicaSets.SpecReplicas(newRs);
        var target = NewReplicas(current, old.Sum(ReplicaSets.SpecReplicas));
        if (target != current)
        {
            ReplicaSets.Scale(cluster, deployment, newRs, target, MaxTotal);
        }

        ScaleDownOld(cluster, deployment, newRs, old);
    }

    private void ScaleDownOld(SimulatedCluster cluster, JsonObject deployment, JsonObject newRs, List<JsonObject> old)
    {
        var oldTotal = old.Sum(ReplicaSets.SpecReplicas);
        if (oldTotal == 0)
        {
            return;
        }

        var newSpec = ReplicaSets.SpecReplicas(newRs);
        var newUnavailable = Math.Max(0, newSpec - ReplicaSets.Status(newRs, "availableReplicas"));
        var budget = newSpec + oldTotal - MinAvailable - newUnavailable;
        if (budget <= 0)
        {
            return;
        }

        // Pods of old ReplicaSets that are not available anyway go first: removing them costs no availability.
        foreach (var rs in old)
        {
            var unhealthy = ReplicaSets.SpecReplicas(rs) - ReplicaSets.Status(rs, "availableReplicas");
            if (budget > 0 && unhealthy > 0)
            {
                var cut = Math.Min(budget, unhealthy);
                ReplicaSets.Scale(cluster, deployment, rs, ReplicaSets.SpecReplicas(rs) - cut, MaxTotal);
                budget -= cut;
            }
        }

        var available = ReplicaSets.Status(newRs, "availableReplicas") + old.Sum(rs => Math.Min(ReplicaSets.SpecReplicas(rs), ReplicaSets.Status(rs, "availableReplicas")));
        var toCut = Math.Min(budget, available - MinAvailable);
        foreach (var rs in old)
        {
            var replicas = ReplicaSets.SpecReplicas(rs);
            if (toCut > 0 && replicas > 0)
            {
                var cut = Math.Min(replicas, toCut);
                ReplicaSets.Scale(cluster, deployment, rs, replicas - cut, MaxTotal);
                toCut -= cut;
            }
        }
    }
}
