using System.Text.Json;
using Kubernaut.Hub.Fleet;
using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Tests.Support;

namespace Kubernaut.Hub.Tests.Fleet;

/// <summary>Both ways the hub reaches spokes: the cluster-proxy URL form and per-cluster kubeconfig contexts.</summary>
public sealed class SpokeAccessTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    [Fact]
    public async Task ClusterProxy_AlertOnPod_WalksOwnersThroughTheProxy()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = HubFixture.NewNamespace();
        var pod = await FleetObjects.EnsureDeploymentWithPodAsync(fleet.Client("prod-eu-west"), ns, "proxied", ct);
        await using var hub = await HubInstance.StartAsync(fleet, null, "--Fleet:SpokeAccess", "ClusterProxy", "--Fleet:ClusterProxyUrl", fleet.ClusterProxyUrl,
            "--namespace", "proxy-hub");

        var spoke = hub.Service<ISpokeClients>().For("prod-eu-west");
        var id = await hub.AlertAsync("prod-eu-west", ns, pod);

        Assert.Equal(new Uri(fleet.ClusterProxyUrl + "/prod-eu-west/"), spoke.BaseUri);
        var rr = await hub.GetRemediationAsync(id);
        Assert.Equal("proxied", rr.GetProperty("target").GetProperty("name").GetString());
        Assert.Equal("Deployment", rr.GetProperty("target").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task KubeconfigContexts_OwnerWalk_FollowsPodToReplicaSetToDeployment()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = HubFixture.NewNamespace();
        var pod = await FleetObjects.EnsureDeploymentWithPodAsync(fleet.Client("staging"), ns, "walker", ct);
        await FleetObjects.EnsureStatefulSetAsync(fleet.Client("staging"), ns, "db", ct);
        await using var hub = await HubInstance.StartAsync(fleet, null, "--namespace", "walk-hub");
        var owners = hub.Service<OwnerResolver>();

        var fromPod = await owners.TopLevelOwnerAsync("staging", new ObjectRef("v1", "Pod", ns, pod), ct);
        var fromGonePod = await owners.TopLevelOwnerAsync("staging", new ObjectRef("v1", "Pod", ns, "walker-6c9d8f7b5-abcde"), ct);
        var fromGoneOrdinal = await owners.TopLevelOwnerAsync("staging", new ObjectRef("v1", "Pod", ns, "db-2"), ct);
        var unknown = await owners.TopLevelOwnerAsync("staging", new ObjectRef("v1", "Pod", ns, "stray"), ct);

        Assert.Equal(new ObjectRef("apps/v1", "Deployment", ns, "walker"), fromPod);
        Assert.Equal(new ObjectRef("apps/v1", "Deployment", ns, "walker"), fromGonePod);
        Assert.Equal(new ObjectRef("apps/v1", "StatefulSet", ns, "db"), fromGoneOrdinal);
        Assert.Equal(new ObjectRef("v1", "Pod", ns, "stray"), unknown);
    }

    [Fact]
    public async Task Inventory_ListsManagedClustersAndSpokeWorkloads()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = HubFixture.NewNamespace();
        await FleetObjects.EnsureDeploymentWithPodAsync(fleet.Client("prod-us-east"), ns, "listed", ct);
        await using var hub = await HubInstance.StartAsync(fleet, null, "--namespace", "inventory-hub");
        var inventory = hub.Service<FleetInventory>();

        var clusters = await inventory.ClustersAsync(ct);
        var workloads = await inventory.WorkloadsAsync("prod-us-east", ct);

        Assert.Superset(new HashSet<string> { "prod-us-east", "prod-eu-west", "staging" }, clusters.Select(c => c.Name).ToHashSet());
        Assert.Contains(workloads, w => w.Ref == new ObjectRef("apps/v1", "Deployment", ns, "listed"));
        Assert.DoesNotContain(workloads, w => w.Ref.Namespace == "kube-system");
    }

    [Fact]
    public void Fingerprint_SameTopLevelOwner_SameFingerprintAndName()
    {
        var target = new ObjectRef("apps/v1", "Deployment", "payments", "payment-gateway");

        var fingerprint = Kubernaut.Hub.Remediation.Fingerprint.Of("prod-eu-west", target);

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("prod-eu-west:payments:Deployment:payment-gateway"u8)), fingerprint);
        Assert.Equal(Kubernaut.Hub.Remediation.Fingerprint.RequestName(fingerprint, 0), Kubernaut.Hub.Remediation.Fingerprint.RequestName(fingerprint, 0));
        Assert.NotEqual(Kubernaut.Hub.Remediation.Fingerprint.RequestName(fingerprint, 0), Kubernaut.Hub.Remediation.Fingerprint.RequestName(fingerprint, 1));
        Assert.StartsWith("rr-" + fingerprint[..12] + "-", Kubernaut.Hub.Remediation.Fingerprint.RequestName(fingerprint, 1));
        Assert.NotEqual(fingerprint, Kubernaut.Hub.Remediation.Fingerprint.Of("prod-us-east", target));
        _ = JsonSerializer.Serialize(target);
    }
}
