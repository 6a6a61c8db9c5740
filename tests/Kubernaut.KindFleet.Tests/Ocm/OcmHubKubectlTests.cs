using Kubernaut.KindFleet.Tests.Support;

namespace Kubernaut.KindFleet.Tests.Ocm;

/// <summary>The OCM hub as an operator sees it with the machine's kubectl.</summary>
public sealed class OcmHubKubectlTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    private static readonly string[] Spokes = ["prod-eu-west", "prod-us-east", "staging"];

    [Fact]
    public async Task GetManagedClusters_Hub_ListsSpokesJoinedAndAvailable()
    {
        var output = await Eventually.UntilAsync(
            () => Kubectl.OkAsync(fleet.KubeconfigPath, "hub", "get", "managedclusters"),
            o => Spokes.All(s => o.Contains($"/clusters/{s}", StringComparison.Ordinal)),
            "client config URLs on every ManagedCluster");

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME\s+HUB ACCEPTED\s+MANAGED CLUSTER URLS\s+JOINED\s+AVAILABLE\s+AGE", lines[0]);
        foreach (var spoke in Spokes)
        {
            var row = Assert.Single(lines, l => l.StartsWith(spoke + " ", StringComparison.Ordinal));
            Assert.Matches($@"^{spoke}\s+true\s+https://127\.0\.0\.1:{fleet.BaseAddress.Port}/clusters/{spoke}\s+True\s+True\s+\S+$", row);
        }

        Assert.DoesNotContain(lines, l => l.StartsWith("hub ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetCrd_Hub_ListsOcmCustomResourceDefinitions()
    {
        var output = await Kubectl.OkAsync(fleet.KubeconfigPath, "hub", "get", "crd", "-o", "name");

        foreach (var crd in new[]
        {
            "managedclusters.cluster.open-cluster-management.io", "managedclustersets.cluster.open-cluster-management.io",
            "managedclustersetbindings.cluster.open-cluster-management.io", "placements.cluster.open-cluster-management.io",
            "placementdecisions.cluster.open-cluster-management.io", "clustermanagementaddons.addon.open-cluster-management.io",
            "managedclusteraddons.addon.open-cluster-management.io", "addontemplates.addon.open-cluster-management.io",
            "addondeploymentconfigs.addon.open-cluster-management.io", "manifestworks.work.open-cluster-management.io",
            "managedserviceaccounts.authentication.open-cluster-management.io", "clusterpermissions.rbac.open-cluster-management.io",
        })
        {
            Assert.Contains("customresourcedefinition.apiextensions.k8s.io/" + crd, output);
        }
    }

    [Fact]
    public async Task ApiResources_Hub_ServesOcmVersionsAndShortNames()
    {
        var clusters = await Kubectl.OkAsync(fleet.KubeconfigPath, "hub", "api-resources", "--api-group=cluster.open-cluster-management.io");
        var addons = await Kubectl.OkAsync(fleet.KubeconfigPath, "hub", "api-versions");

        Assert.Matches(@"managedclustersets\s+mclset,mclsets\s+cluster.open-cluster-management.io/v1beta2\s+false\s+ManagedClusterSet", clusters);
        Assert.Matches(@"placements\s+cluster.open-cluster-management.io/v1beta1\s+true\s+Placement", clusters);
        foreach (var version in new[]
        {
            "addon.open-cluster-management.io/v1alpha1", "addon.open-cluster-management.io/v1beta1", "work.open-cluster-management.io/v1",
            "authentication.open-cluster-management.io/v1beta1", "authentication.open-cluster-management.io/v1alpha1", "rbac.open-cluster-management.io/v1alpha1",
        })
        {
            Assert.Contains(version, addons);
        }
    }

    [Fact]
    public async Task GetManagedClusterAddOns_EachSpoke_ClusterProxyAndManagedServiceAccountAvailable()
    {
        foreach (var spoke in Spokes)
        {
            var output = await Kubectl.OkAsync(fleet.KubeconfigPath, "hub", "get", "mca", "-n", spoke);

            Assert.Matches(@"cluster-proxy\s+True\s+False\s+False", output);
            Assert.Matches(@"managed-serviceaccount\s+True\s+False\s+False", output);
        }
    }

    [Fact]
    public async Task GetManagedClusterByLabel_EnvProd_ListsOnlyProdSpokes()
    {
        var output = await Kubectl.OkAsync(fleet.KubeconfigPath, "hub", "get", "managedclusters", "-l", "env=prod,feature.open-cluster-management.io/addon-managed-serviceaccount=available", "-o", "name");

        Assert.Equal(["managedcluster.cluster.open-cluster-management.io/prod-eu-west", "managedcluster.cluster.open-cluster-management.io/prod-us-east"],
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
