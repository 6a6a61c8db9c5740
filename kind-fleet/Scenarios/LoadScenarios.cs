namespace Kubernaut.KindFleet.Scenarios;

/// <summary>
/// Traffic quadruples on fraud-check, already at its HPA's maxReplicas: CPU demand passes the 500m limit, CFS
/// throttling, latency up. The look-alike of the database story: slow, no restarts, but no pool exhaustion.
/// </summary>
internal sealed class CpuThrottlingAtHpaMax : Scenario
{
    public override string Name => "cpu-throttling-at-hpa-max";

    public override string Description => "fraud-check (prod): traffic x4 while the HPA is at maxReplicas 4; CPU throttled at the 500m limit, p99 latency up, no restarts";

    public override string DefaultCluster => "prod-eu-west";

    public override (string Kind, string Name) Target => ("Deployment", "fraud-check");

    public override IReadOnlyList<string> RightFixes => ["raise HPA maxReplicas (e.g. 12)", "raise the CPU limit (e.g. 1)"];

    public override IReadOnlyList<string> WrongFixes => ["restart-deployment", "scale-deployment (the HPA scales it back)", "scale-statefulset"];

    public override IReadOnlyList<ScenarioStep> Steps(ScenarioContext context) =>
    [
        new(TimeSpan.Zero, "traffic: fraud-check 1200 rps", c => ClusterEdits.SetTraffic(c.Cluster, Namespace, Target.Name, 1200)),
    ];

    public override bool IsHealthy(ScenarioContext context) => WorkloadHealth.DeploymentHealthy(context, Namespace, Target.Name);
}

/// <summary>
/// The look-alike of the config story: catalog-service's memory grows with its per-pod load; a traffic spike drives
/// it past the 384Mi limit. No configuration changed, so rolling config back does nothing; more replicas do.
/// </summary>
internal sealed class OomFromTrafficSpike : Scenario
{
    public override string Name => "oom-from-traffic-spike";

    public override string Description => "catalog-service (prod): traffic x4, per-pod memory grows with load past the 384Mi limit; OOMKilled, no config change";

    public override string DefaultCluster => "prod-us-east";

    public override (string Kind, string Name) Target => ("Deployment", "catalog-service");

    public override IReadOnlyList<string> RightFixes => ["scale-deployment (6 replicas)", "restart-and-patch-memory (limit 768Mi)"];

    public override IReadOnlyList<string> WrongFixes => ["rollback-config", "restart-deployment"];

    public override IReadOnlyList<ScenarioStep> Steps(ScenarioContext context) =>
    [
        new(TimeSpan.Zero, "traffic: catalog-service 480 rps", c => ClusterEdits.SetTraffic(c.Cluster, Namespace, Target.Name, 480)),
    ];

    public override bool IsHealthy(ScenarioContext context) => WorkloadHealth.DeploymentHealthy(context, Namespace, Target.Name);
}
