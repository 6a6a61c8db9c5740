namespace Kubernaut.KindFleet.Scenarios;

/// <summary>A rollout to a tag that was never pushed: the new ReplicaSet's pods sit in ImagePullBackOff.</summary>
internal sealed class BadImageRollout : Scenario
{
    public override string Name => "bad-image-rollout";

    public override string Description => "cart-service (prod): a rollout to image tag 2.8.0, which was never pushed; new pods in ErrImagePull/ImagePullBackOff";

    public override string DefaultCluster => "prod-us-east";

    public override (string Kind, string Name) Target => ("Deployment", "cart-service");

    public override IReadOnlyList<string> RightFixes => ["rollback-deployment (kubectl rollout undo)"];

    public override IReadOnlyList<string> WrongFixes => ["restart-deployment", "scale-deployment"];

    public override IReadOnlyList<ScenarioStep> Steps(ScenarioContext context) =>
    [
        new(TimeSpan.Zero, "CD: cart-service image 2.8.0", c => ClusterEdits.Deploy(c.Cluster, Namespace, Target.Name,
            spec => ClusterEdits.SetImage(spec, "registry.example.com/shop/cart:2.8.0"), "deploy cart-service 2.8.0")),
    ];

    public override bool IsHealthy(ScenarioContext context) => WorkloadHealth.DeploymentHealthy(context, Namespace, Target.Name);
}

/// <summary>A release that moved its health endpoints: liveness fails (404), the kubelet kills it, CrashLoopBackOff.</summary>
internal sealed class LivenessProbeFailureAfterDeploy : Scenario
{
    public override string Name => "liveness-probe-failure-after-deploy";

    public override string Description => "checkout-service (staging): release 1.43.0 serves /health/live, the probes still ask /healthz/live; Unhealthy (404), killed, CrashLoopBackOff";

    public override string DefaultCluster => "staging";

    public override string Namespace => "staging";

    public override (string Kind, string Name) Target => ("Deployment", "checkout-service");

    public override IReadOnlyList<string> RightFixes => ["rollback-deployment (kubectl rollout undo)"];

    public override IReadOnlyList<string> WrongFixes => ["restart-deployment", "scale-deployment", "restart-and-patch-memory"];

    public override IReadOnlyList<ScenarioStep> Steps(ScenarioContext context) =>
    [
        new(TimeSpan.Zero, "CD: checkout-service 1.43.0", c => ClusterEdits.Deploy(c.Cluster, Namespace, Target.Name,
            spec => ClusterEdits.SetImage(spec, "registry.example.com/shop/checkout:1.43.0"), "deploy checkout-service 1.43.0")),
    ];

    public override bool IsHealthy(ScenarioContext context) => WorkloadHealth.DeploymentHealthy(context, Namespace, Target.Name);
}

/// <summary>The Secret a Deployment reads was deleted (a rotation gone wrong); the next rollout's pods cannot be created.</summary>
internal sealed class MissingSecret : Scenario
{
    public override string Name => "missing-secret";

    public override string Description => "ledger-service (prod): Secret ledger-db-credentials deleted during a rotation, then a rollout; new pods in CreateContainerConfigError";

    public override string DefaultCluster => "prod-eu-west";

    public override (string Kind, string Name) Target => ("Deployment", "ledger-service");

    public override IReadOnlyList<string> RightFixes => ["recreate Secret ledger-db-credentials"];

    public override IReadOnlyList<string> WrongFixes => ["restart-deployment", "rollback-deployment"];

    public override IReadOnlyList<ScenarioStep> Steps(ScenarioContext context) =>
    [
        new(TimeSpan.Zero, "rotation: Secret deleted", c => c.Cluster.Store.Delete(c.Cluster.Type("", "secrets"), Namespace, "ledger-db-credentials")),
        new(TimeSpan.FromSeconds(30), "CD: ledger-service restarted to pick up the rotated credentials", c => ClusterEdits.Deploy(c.Cluster, Namespace, Target.Name,
            spec => spec["containers"]![0]!.AsObject()["env"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["name"] = "CREDENTIALS_ROTATED", ["value"] = "true" }),
            "pick up rotated credentials")),
    ];

    public override bool IsHealthy(ScenarioContext context) => WorkloadHealth.DeploymentHealthy(context, Namespace, Target.Name);
}
