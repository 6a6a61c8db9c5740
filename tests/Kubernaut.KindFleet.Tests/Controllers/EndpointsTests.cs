using Kubernaut.KindFleet.Tests.Support;

namespace Kubernaut.KindFleet.Tests.Controllers;

public sealed class EndpointsTests(WorkloadFleetFixture fleet) : IClassFixture<WorkloadFleetFixture>
{
    private const string Context = "prod-eu-west";
    private const string Node = "prod-eu-west-worker-2";

    [Fact]
    public async Task GetEndpoints_NodeGoesNotReadyAndBack_AddressesFollowPodReadiness()
    {
        var ready = await Eventually.KubectlAsync(fleet, Context, o => o.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 5, "5 ready gateway addresses",
            "get", "endpoints", "payment-gateway", "-n", "prod", "-o", "jsonpath={.subsets[0].addresses[*].ip}");
        var podIps = await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "get", "pods", "-n", "prod", "-l", "app=payment-gateway", "-o", "jsonpath={.items[*].status.podIP}");
        Assert.Equal(podIps.Split(' ').Order(), ready.Split(' ').Order());
        var onNode = (await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "get", "pods", "-n", "prod", "-l", "app=payment-gateway",
            "--field-selector", "spec.nodeName=" + Node, "-o", "jsonpath={.items[*].status.podIP}")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(onNode);

        await SetNodeReady("False");
        var notReady = await Eventually.KubectlAsync(fleet, Context, o => o.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == onNode.Length,
            "pods of the NotReady node listed as not ready", "get", "endpoints", "payment-gateway", "-n", "prod", "-o", "jsonpath={.subsets[0].notReadyAddresses[*].ip}");
        var slice = await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "get", "endpointslices", "-n", "prod", "-l", "kubernetes.io/service-name=payment-gateway",
            "-o", "jsonpath={range .items[0].endpoints[*]}{.addresses[0]}={.conditions.ready} {end}");
        await SetNodeReady("True");
        var recovered = await Eventually.KubectlAsync(fleet, Context, o => o.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 5, "all 5 ready again",
            "get", "endpoints", "payment-gateway", "-n", "prod", "-o", "jsonpath={.subsets[0].addresses[*].ip}");

        Assert.Equal(onNode.Order(), notReady.Split(' ').Order());
        Assert.All(onNode, ip => Assert.Contains($"{ip}=false", slice));
        Assert.Equal(podIps.Split(' ').Order(), recovered.Split(' ').Order());
    }

    private Task<string> SetNodeReady(string status) =>
        Kubectl.OkAsync(fleet.KubeconfigPath, Context, "patch", "node", Node, "--subresource=status", "--type=json",
            "-p", $$"""[{"op":"replace","path":"/status/conditions/3/status","value":"{{status}}"}]""");
}
