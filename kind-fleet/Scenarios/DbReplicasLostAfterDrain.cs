using System.Globalization;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Simulation;

namespace Kubernaut.KindFleet.Scenarios;

/// <summary>
/// Seed story 2: the maintenance automation drains the node that runs payment-db-1; to get past the database's
/// disruption budget it scales payment-db to 1 first (noting 3 to restore on uncordon). The node stays cordoned, so
/// nothing restores it: one database endpoint of three serves all of payment-gateway's traffic and its pool saturates.
/// </summary>
internal sealed class DbReplicasLostAfterDrain : Scenario
{
    public override string Name => "db-replicas-lost-after-drain";

    public override string Description =>
        "payment-gateway (prod): a node drain takes 2 of 3 payment-db replicas; connection pool exhausted (500/500), p99 120 ms -> 2.4 s, no restarts";

    public override string DefaultCluster => "prod-eu-west";

    public override (string Kind, string Name) Target => ("Deployment", "payment-gateway");

    public override IReadOnlyList<string> RightFixes => ["scale-statefulset (payment-db to 3)", "rollback-node-drain (uncordon the drained node)"];

    public override IReadOnlyList<string> WrongFixes => ["restart-deployment (payment-gateway)", "scale-deployment (payment-gateway)"];

    public override IReadOnlyList<ScenarioStep> Steps(ScenarioContext context) =>
    [
        new(TimeSpan.Zero, "maintenance: payment-db scaled to 1, node drained", c =>
        {
            var node = c.Cluster.Store.Get(Kinds.Pods, Namespace, "payment-db-1")?["spec"].Str("nodeName")
                ?? throw new InvalidOperationException("payment-db-1 is not running");
            ClusterEdits.Change(c.Cluster, Kinds.StatefulSets, Namespace, "payment-db", s =>
            {
                var annotations = s.Metadata().Child("annotations");
                annotations[MaintenanceAutomation.RestoreReplicasAnnotation] = (s["spec"].Long("replicas") ?? 3).ToString(CultureInfo.InvariantCulture);
                annotations[MaintenanceAutomation.NodeAnnotation] = node;
                s.Child("spec")["replicas"] = 1;
            });
            ClusterEdits.Drain(c.Cluster, node);
        }),
    ];

    public override bool IsHealthy(ScenarioContext context)
    {
        var db = context.Cluster.Store.Get(Kinds.StatefulSets, Namespace, "payment-db");
        var ready = db?["status"].Long("readyReplicas") ?? 0;
        return ready >= 3 && WorkloadHealth.DeploymentHealthy(context, Namespace, Target.Name);
    }
}
