using k8s;
using Kubernaut.KindFleet.Tests.Support;

namespace Kubernaut.KindFleet.Tests.Ocm;

/// <summary>The YAML in ocm-manifests/remediation, applied with kubectl to the simulated hub, takes effect as on a real hub.</summary>
public sealed class OcmManifestsTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    [Fact]
    public async Task ApplyRemediationManifests_Hub_TokenSecretAndPlacementDecisionsAppear()
    {
        var directory = Path.Combine(RepositoryRoot(), "ocm-manifests", "remediation");

        await Kubectl.OkAsync(fleet.KubeconfigPath, "hub", "apply", "-f", directory);

        var hub = fleet.Client("hub");
        await Eventually.UntilAsync(() => ManagedServiceAccountSetup.TryReadSecretAsync(hub, "prod-us-east", "kubernaut-remediator"),
            s => s?.Data.ContainsKey("token") == true && s.Data.ContainsKey("ca.crt"), "the remediator token Secret");
        var decisions = await Eventually.UntilAsync(
            () => Kubectl.OkAsync(fleet.KubeconfigPath, "hub", "get", "placementdecisions", "-n", "kubernaut",
                "-l", "cluster.open-cluster-management.io/placement=all-prod", "-o", "jsonpath={.items[*].status.decisions[*].clusterName}"),
            o => o.Length > 0, "the all-prod PlacementDecision");
        var placement = await Kubectl.OkAsync(fleet.KubeconfigPath, "hub", "get", "placement", "all-prod", "-n", "kubernaut");
        var allowlist = await hub.CoreV1.ReadNamespacedConfigMapAsync("cluster-proxy-exposed-services", "open-cluster-management-addon",
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["prod-eu-west", "prod-us-east"], decisions.Split(' '));
        Assert.Matches(@"all-prod\s+True\s+AllDecisionsScheduled\s+2", placement);
        Assert.Contains("kubernaut-spoke-mcp", allowlist.Data["services"]);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Kubernaut.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Kubernaut.sln not found above the test binaries");
    }
}
