using Kubernaut.KindFleet.Tests.Controllers;

namespace Kubernaut.KindFleet.Tests.Scenarios;

/// <summary>Scenarios on prod-us-east besides the seed story: a bad image and a traffic-driven OOM.</summary>
public sealed class ProdUsEastScenarioTests(ProdUsEastFleet fleet) : IClassFixture<ProdUsEastFleet>
{
    [Fact]
    public async Task BadImageRollout_ScaleThenUndo_OnlyUndoRecovers()
    {
        var id = await fleet.StartAsync("bad-image-rollout");
        await fleet.WaitStateAsync(id, "active");
        await Eventually.KubectlAsync(fleet, fleet.Cluster, o => o.Contains("ImagePullBackOff", StringComparison.Ordinal) || o.Contains("ErrImagePull", StringComparison.Ordinal),
            "ImagePullBackOff", "get", "pods", "-n", "prod", "-l", "app=cart-service");
        Assert.Contains("cart:2.8.0", await fleet.KubectlAsync("get", "events", "-n", "prod", "--field-selector", "reason=Failed"));

        await fleet.KubectlAsync("scale", "deployment", "cart-service", "-n", "prod", "--replicas=4");
        await fleet.AssertStillActiveAfterAsync(id, TimeSpan.FromMinutes(5));

        await fleet.KubectlAsync("rollout", "undo", "deployment/cart-service", "-n", "prod");
        await fleet.WaitStateAsync(id, "recovered", 90);
    }

    [Fact]
    public async Task OomFromTrafficSpike_RestartThenScaleOut_OnlyScaleOutRecovers()
    {
        var id = await fleet.StartAsync("oom-from-traffic-spike");
        await fleet.WaitStateAsync(id, "active");
        await Eventually.ValueAsync(
            () => fleet.QueryAsync("sum(kube_pod_container_status_last_terminated_reason{cluster=\"prod-us-east\",container=\"catalog-service\",reason=\"OOMKilled\"})"),
            v => v >= 1, "catalog-service OOMKilled");

        // No configuration was involved: catalog-service mounts no ConfigMap, so there is nothing to roll back.
        Assert.DoesNotContain("configMap", await fleet.KubectlAsync("get", "deployment", "catalog-service", "-n", "prod", "-o", "jsonpath={.spec.template.spec.volumes}"), StringComparison.Ordinal);

        await fleet.KubectlAsync("rollout", "restart", "deployment/catalog-service", "-n", "prod");
        await fleet.AssertStillActiveAfterAsync(id, TimeSpan.FromMinutes(10));

        await fleet.KubectlAsync("scale", "deployment", "catalog-service", "-n", "prod", "--replicas=6");
        await fleet.WaitStateAsync(id, "recovered", 90);
    }
}

/// <summary>A release whose health endpoints moved, on staging.</summary>
public sealed class StagingScenarioTests(StagingFleet fleet) : IClassFixture<StagingFleet>
{
    [Fact]
    public async Task LivenessProbeFailureAfterDeploy_ScaleThenUndo_OnlyUndoRecovers()
    {
        var id = await fleet.StartAsync("liveness-probe-failure-after-deploy");
        await fleet.WaitStateAsync(id, "active");
        await Eventually.KubectlAsync(fleet, fleet.Cluster, o => o.Contains("Liveness probe failed: HTTP probe failed with statuscode: 404", StringComparison.Ordinal),
            "Unhealthy liveness events", "get", "events", "-n", "staging", "--field-selector", "reason=Unhealthy");

        await fleet.KubectlAsync("scale", "deployment", "checkout-service", "-n", "staging", "--replicas=2");
        await fleet.AssertStillActiveAfterAsync(id, TimeSpan.FromMinutes(5));

        await fleet.KubectlAsync("rollout", "undo", "deployment/checkout-service", "-n", "staging");
        await fleet.WaitStateAsync(id, "recovered", 90);
    }
}
