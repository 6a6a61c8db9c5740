using Kubernaut.KindFleet.Tests.Support;

namespace Kubernaut.KindFleet.Tests.ApiServer;

public sealed class KubectlBasicsTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    [Fact]
    public async Task GetNodes_EachSpoke_ListsReadyNodes()
    {
        var output = await Kubectl.OkAsync(fleet.KubeconfigPath, "prod-us-east", "get", "nodes");

        Assert.Contains("prod-us-east-worker-1", output);
        Assert.Contains("Ready", output);
    }

    [Fact]
    public async Task ApplyGetDelete_ConfigMap_RoundTrips()
    {
        var manifest = Path.GetTempFileName();
        await File.WriteAllTextAsync(manifest, """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: roundtrip
              namespace: default
            data:
              key: value
            """, TestContext.Current.CancellationToken);

        await Kubectl.OkAsync(fleet.KubeconfigPath, "staging", "apply", "-f", manifest);
        var value = await Kubectl.OkAsync(fleet.KubeconfigPath, "staging", "get", "configmap", "roundtrip", "-o", "jsonpath={.data.key}");
        await Kubectl.OkAsync(fleet.KubeconfigPath, "staging", "delete", "configmap", "roundtrip");
        var after = await Kubectl.RunAsync(fleet.KubeconfigPath, "staging", "get", "configmap", "roundtrip");

        Assert.Equal("value", value);
        Assert.NotEqual(0, after.ExitCode);
        Assert.Contains("NotFound", after.Output);
    }
}
