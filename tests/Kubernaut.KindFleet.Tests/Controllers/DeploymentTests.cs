using Kubernaut.KindFleet.Tests.Support;

namespace Kubernaut.KindFleet.Tests.Controllers;

public sealed class DeploymentTests(WorkloadFleetFixture fleet) : IClassFixture<WorkloadFleetFixture>
{
    private const string Context = "staging";

    [Fact]
    public async Task GetPods_SeededCheckoutService_ShowsThreeRunningReadyPods()
    {
        var output = await Eventually.KubectlAsync(fleet, "prod-us-east",
            o => o.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains("1/1") && l.Contains("Running")) == 3,
            "3 checkout-service pods Running 1/1", "get", "pods", "-n", "prod", "-l", "app=checkout-service", "--no-headers");

        Assert.All(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.StartsWith("checkout-service-", l));
    }

    [Fact]
    public async Task RolloutRestart_Deployment_RollsOutNewReplicaSetAndStatusSucceeds()
    {
        await Eventually.ApplyAsync(fleet, Context, Eventually.Deployment("default", "restart-me", 3));
        await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "rollout", "status", "deployment/restart-me", "--timeout=60s");

        await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "rollout", "restart", "deployment/restart-me");
        var status = await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "rollout", "status", "deployment/restart-me", "--timeout=60s");

        Assert.Contains("successfully rolled out", status);
        var revisions = await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "get", "rs", "-l", "app=restart-me",
            "-o", "jsonpath={range .items[*]}{.metadata.annotations.deployment\\.kubernetes\\.io/revision}={.spec.replicas} {end}");
        Assert.Equal(["1=0", "2=3"], revisions.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order());
        var pods = await Eventually.KubectlAsync(fleet, Context, o => o.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 3, "3 pods after restart",
            "get", "pods", "-l", "app=restart-me", "-o", "jsonpath={range .items[*]}{.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt} {end}");
        Assert.All(pods.Split(' ', StringSplitOptions.RemoveEmptyEntries), a => Assert.NotEmpty(a));
    }

    [Fact]
    public async Task RolloutUndo_AfterImageChange_RestoresPreviousTemplateReusingItsReplicaSet()
    {
        await Eventually.ApplyAsync(fleet, Context, Eventually.Deployment("default", "undo-me", 2, "registry.example.com/test/web:1.0.0"));
        await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "rollout", "status", "deployment/undo-me", "--timeout=60s");
        await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "set", "image", "deployment/undo-me", "web=registry.example.com/test/web:2.0.0");
        await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "rollout", "status", "deployment/undo-me", "--timeout=60s");
        var history = await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "rollout", "history", "deployment/undo-me");

        await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "rollout", "undo", "deployment/undo-me");
        await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "rollout", "status", "deployment/undo-me", "--timeout=60s");

        Assert.Matches(@"(?m)^1\s", history);
        Assert.Matches(@"(?m)^2\s", history);
        var image = await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "get", "deployment", "undo-me", "-o", "jsonpath={.spec.template.spec.containers[0].image}");
        Assert.Equal("registry.example.com/test/web:1.0.0", image);
        var after = await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "rollout", "history", "deployment/undo-me");
        Assert.Matches(@"(?m)^3\s", after);
        Assert.DoesNotMatch(@"(?m)^1\s", after);
        var replicaSets = await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "get", "rs", "-l", "app=undo-me", "--no-headers");
        Assert.Equal(2, replicaSets.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var podImages = await Eventually.KubectlAsync(fleet, Context, o => o.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 2, "2 pods",
            "get", "pods", "-l", "app=undo-me", "-o", "jsonpath={range .items[*]}{.spec.containers[0].image} {end}");
        Assert.All(podImages.Split(' ', StringSplitOptions.RemoveEmptyEntries), i => Assert.Equal("registry.example.com/test/web:1.0.0", i));
    }

    [Fact]
    public async Task DeleteDeployment_WithPods_RemovesItsReplicaSetsAndPods()
    {
        await Eventually.ApplyAsync(fleet, Context, Eventually.Deployment("default", "delete-me", 2));
        await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "rollout", "status", "deployment/delete-me", "--timeout=60s");

        await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "delete", "deployment", "delete-me");

        await Eventually.KubectlAsync(fleet, Context, o => o.Trim().Length == 0, "no replicasets or pods left",
            "get", "rs,pods", "-l", "app=delete-me", "-o", "name");
    }

    [Fact]
    public async Task LogsAndDescribe_RunningPod_ShowStartupLinesAndLifecycleEvents()
    {
        await Eventually.ApplyAsync(fleet, Context, Eventually.Deployment("default", "observe-me", 1));
        await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "rollout", "status", "deployment/observe-me", "--timeout=60s");
        var pod = (await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "get", "pods", "-l", "app=observe-me", "-o", "name")).Trim();

        var logs = await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "logs", pod);
        var describe = await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "describe", pod);

        Assert.Contains("ready to serve requests", logs);
        Assert.Contains("listening", logs);
        foreach (var reason in new[] { "Scheduled", "Pulling", "Pulled", "Created", "Started" })
        {
            Assert.Matches($@"Normal\s+{reason}\s", describe);
        }

        Assert.Contains("Successfully assigned default/" + pod["pod/".Length..], describe);
        Assert.Contains("Status:           Running", describe);
    }
}
