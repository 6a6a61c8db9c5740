using Kubernaut.KindFleet.Controllers.Support;

namespace Kubernaut.KindFleet.Scenarios;

/// <summary>
/// Seed story 1: a config change (revision 43 of checkout-config) disables the cache's eviction; at the next reload the
/// cache loads its whole dataset (623Mi against the 512Mi limit), every restart warms it past the limit again.
/// </summary>
internal sealed class OomAfterConfigChange : Scenario
{
    public const string BadConfigYaml = "cache:\n  maxSizeMb: 128\n  eviction: disabled\nhttp:\n  port: 8080\n";

    public override string Name => "oom-after-config-change";

    public override string Description =>
        "checkout-service (prod): a ConfigMap change disables cache eviction; on reload memory jumps to 623Mi against the 512Mi limit and the pods are OOMKilled in a loop";

    public override string DefaultCluster => "prod-us-east";

    public override (string Kind, string Name) Target => ("Deployment", "checkout-service");

    public override IReadOnlyList<string> RightFixes => ["rollback-config (checkout-config to revision 42) + rolling restart", "restart-and-patch-memory (limit 768Mi)"];

    public override IReadOnlyList<string> WrongFixes => ["restart-deployment", "scale-deployment"];

    public override IReadOnlyList<ScenarioStep> Steps(ScenarioContext context) =>
    [
        new(TimeSpan.Zero, "checkout-config: cache eviction disabled", c =>
            ClusterEdits.Change(c.Cluster, Kinds.ConfigMaps, Namespace, "checkout-config", cm => cm["data"]!["config.yaml"] = BadConfigYaml)),
    ];

    public override bool IsHealthy(ScenarioContext context) => WorkloadHealth.DeploymentHealthy(context, Namespace, Target.Name);
}
