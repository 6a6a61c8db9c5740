using Kubernaut.KindFleet.Tests.Support;

namespace Kubernaut.KindFleet.Tests.Ocm;

/// <summary>A ManagedServiceAccount token, used with the machine's kubectl through the cluster-proxy URL.</summary>
public sealed class ManagedServiceAccountKubectlTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    [Fact]
    public async Task AuthCanI_MsaTokenWithClusterPermission_AllowsGrantedAndDeniesTheRest()
    {
        // Arrange
        await ManagedServiceAccountSetup.CreateDeploymentAsync(fleet.Client("prod-eu-west"), "prod", "ledger", replicas: 1);
        var (token, caPem) = await ManagedServiceAccountSetup.CreateAsync(fleet, "prod-eu-west", "auditor", "prod");
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"msa-{Guid.NewGuid():N}.kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, ManagedServiceAccountSetup.ProxyKubeconfig(fleet, "prod-eu-west", token), TestContext.Current.CancellationToken);
        try
        {
            // Act
            var scale = await Eventually.UntilAsync(
                () => Kubectl.RunAsync(kubeconfig, "prod-eu-west", "auth", "can-i", "patch", "deployments", "--subresource=scale", "-n", "prod"),
                r => r.Stdout.Trim() == "yes", "the ClusterPermission to reach the spoke");
            var list = await Kubectl.RunAsync(kubeconfig, "prod-eu-west", "auth", "can-i", "list", "deployments", "-n", "prod");
            var delete = await Kubectl.RunAsync(kubeconfig, "prod-eu-west", "auth", "can-i", "delete", "deployments", "-n", "prod");
            var otherNamespace = await Kubectl.RunAsync(kubeconfig, "prod-eu-west", "auth", "can-i", "list", "deployments", "-n", "kube-system");
            var whoami = await Kubectl.OkAsync(kubeconfig, "prod-eu-west", "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}");

            // Assert
            Assert.Equal(fleet.CaPem, caPem);
            Assert.Equal("yes", scale.Stdout.Trim());
            Assert.Equal("yes", list.Stdout.Trim());
            Assert.Equal("no", delete.Stdout.Trim());
            Assert.Equal("no", otherNamespace.Stdout.Trim());
            Assert.Equal("system:serviceaccount:open-cluster-management-agent-addon:auditor", whoami);
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    [Fact]
    public async Task GetDeployments_AfterManagedServiceAccountDeleted_Unauthorized()
    {
        var (token, _) = await ManagedServiceAccountSetup.CreateAsync(fleet, "staging", "short-lived", "default");
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"msa-{Guid.NewGuid():N}.kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, ManagedServiceAccountSetup.ProxyKubeconfig(fleet, "staging", token), TestContext.Current.CancellationToken);
        try
        {
            await Eventually.UntilAsync(() => Kubectl.RunAsync(kubeconfig, "staging", "get", "deployments", "-n", "default"),
                r => r.ExitCode == 0, "RBAC for the token on the spoke");

            await Kubectl.OkAsync(fleet.KubeconfigPath, "hub", "delete", "managedserviceaccount", "short-lived", "-n", "staging");
            var after = await Eventually.UntilAsync(() => Kubectl.RunAsync(kubeconfig, "staging", "get", "deployments", "-n", "default"),
                r => r.ExitCode != 0, "the token to stop authenticating");

            Assert.Contains("Unauthorized", after.Output);
            await Eventually.UntilAsync(() => ManagedServiceAccountSetup.TryReadSecretAsync(fleet.Client("hub"), "staging", "short-lived"),
                s => s is null, "the hub Secret to be garbage-collected");
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }
}
