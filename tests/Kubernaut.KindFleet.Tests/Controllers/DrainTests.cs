using Kubernaut.KindFleet.Tests.Support;

namespace Kubernaut.KindFleet.Tests.Controllers;

public sealed class DrainTests(WorkloadFleetFixture fleet) : IClassFixture<WorkloadFleetFixture>
{
    private const string Context = "prod-us-east";
    private const string Node = "prod-us-east-worker-1";

    [Fact]
    public async Task CordonDrainUncordon_Worker_EvictsPodsThatRescheduleElsewhereAndKeepsDaemonSetPods()
    {
        await Eventually.ApplyAsync(fleet, Context, """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata:
              name: node-agent
              namespace: default
            spec:
              selector:
                matchLabels:
                  app: node-agent
              template:
                metadata:
                  labels:
                    app: node-agent
                spec:
                  containers:
                  - name: agent
                    image: registry.example.com/infra/node-agent:0.9.1
            """);
        await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "rollout", "status", "daemonset/node-agent", "--timeout=60s");
        await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "rollout", "status", "deployment/checkout-service", "-n", "prod", "--timeout=60s");
        var before = await PodsOnNode("prod");
        Assert.NotEmpty(before);

        await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "cordon", Node);
        var refused = await Kubectl.RunAsync(fleet.KubeconfigPath, Context, "drain", Node, "--delete-emptydir-data", "--timeout=60s");
        var drained = await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "drain", Node, "--ignore-daemonsets", "--delete-emptydir-data", "--timeout=90s");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("DaemonSet-managed Pods", refused.Output);
        Assert.Contains("drained", drained);
        Assert.Empty(await PodsOnNode("prod"));
        Assert.Single(await PodsOnNode("default"));
        foreach (var deployment in new[] { "checkout-service", "cart-service", "catalog-service" })
        {
            await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "rollout", "status", "deployment/" + deployment, "-n", "prod", "--timeout=60s");
        }

        var placement = await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "get", "pods", "-n", "prod", "-o", "jsonpath={range .items[*]}{.spec.nodeName} {.status.phase}{\"\\n\"}{end}");
        Assert.All(placement.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.Matches(@"^prod-us-east-worker-[23] Running$", l));

        await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "uncordon", Node);
        var nodes = await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "get", "node", Node, "--no-headers");
        Assert.DoesNotContain("SchedulingDisabled", nodes);
        Assert.Contains("Ready", nodes);
    }

    private async Task<string[]> PodsOnNode(string ns) =>
        (await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "get", "pods", "-n", ns, "--field-selector", "spec.nodeName=" + Node, "-o", "name"))
        .Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
