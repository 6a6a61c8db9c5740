using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Ocm;

namespace Kubernaut.KindFleet.Tests.Ocm;

public sealed class PlacementControllerTests : IDisposable
{
    private readonly OcmHarness _ocm = new();

    public PlacementControllerTests()
    {
        _ocm.Create(_ocm.Hub, "apiVersion: v1\nkind: Namespace\nmetadata: {name: remediation}");
    }

    private void BindDefaultSet() => _ocm.Create(_ocm.Hub, """
        apiVersion: cluster.open-cluster-management.io/v1beta2
        kind: ManagedClusterSetBinding
        metadata: {name: default, namespace: remediation}
        spec: {clusterSet: default}
        """);

    [Fact]
    public void Reconcile_LabelSelector_DecidesMatchingClusters()
    {
        BindDefaultSet();
        _ocm.Create(_ocm.Hub, """
            apiVersion: cluster.open-cluster-management.io/v1beta1
            kind: Placement
            metadata: {name: all-prod, namespace: remediation}
            spec:
              clusterSets: [default]
              predicates:
              - requiredClusterSelector:
                  labelSelector: {matchLabels: {env: prod}}
            """);

        _ocm.Settle();

        Assert.Equal(["prod-eu-west", "prod-us-east"], PlacementController.Decisions(_ocm.Hub, "remediation", "all-prod"));
        var placement = _ocm.Get(_ocm.Hub, OcmNames.ClusterGroup, "placements", "remediation", "all-prod")!;
        Assert.Equal(2, placement["status"].Long("numberOfSelectedClusters"));
        Assert.Equal("True", OcmConditions.StatusOf(placement, "PlacementSatisfied"));
        var decision = _ocm.Get(_ocm.Hub, OcmNames.ClusterGroup, "placementdecisions", "remediation", "all-prod-decision-1")!;
        Assert.Equal("all-prod", decision.Metadata()["labels"].StringMap()[OcmNames.PlacementLabel]);
    }

    [Fact]
    public void Reconcile_ClaimSelectorAndNumberOfClusters_LimitsDecisions()
    {
        BindDefaultSet();
        _ocm.Create(_ocm.Hub, """
            apiVersion: cluster.open-cluster-management.io/v1beta1
            kind: Placement
            metadata: {name: one-kind, namespace: remediation}
            spec:
              numberOfClusters: 1
              predicates:
              - requiredClusterSelector:
                  claimSelector:
                    matchExpressions: [{key: product.open-cluster-management.io, operator: In, values: [Kind]}]
            """);

        _ocm.Settle();

        Assert.Single(PlacementController.Decisions(_ocm.Hub, "remediation", "one-kind"));
    }

    [Fact]
    public void Reconcile_NoClusterSetBinding_SelectsNothingAndIsUnsatisfied()
    {
        _ocm.Create(_ocm.Hub, """
            apiVersion: cluster.open-cluster-management.io/v1beta1
            kind: Placement
            metadata: {name: unbound, namespace: remediation}
            spec: {}
            """);

        _ocm.Settle();

        var placement = _ocm.Get(_ocm.Hub, OcmNames.ClusterGroup, "placements", "remediation", "unbound")!;
        Assert.Empty(PlacementController.Decisions(_ocm.Hub, "remediation", "unbound"));
        Assert.Equal("False", OcmConditions.StatusOf(placement, "PlacementSatisfied"));
    }

    [Fact]
    public void Reconcile_ClusterRelabelled_DecisionsFollow()
    {
        BindDefaultSet();
        _ocm.Create(_ocm.Hub, """
            apiVersion: cluster.open-cluster-management.io/v1beta1
            kind: Placement
            metadata: {name: staging-only, namespace: remediation}
            spec:
              predicates: [{requiredClusterSelector: {labelSelector: {matchLabels: {env: staging}}}}]
            """);
        _ocm.Settle();
        Assert.Equal(["staging"], PlacementController.Decisions(_ocm.Hub, "remediation", "staging-only"));

        _ocm.Hub.Store.Mutate(_ocm.Hub.Type(OcmNames.ClusterGroup, "managedclusters"), "", "staging", c =>
        {
            c.Metadata().Child("labels")["env"] = "retired";
            return c;
        });
        _ocm.Settle();

        Assert.Empty(PlacementController.Decisions(_ocm.Hub, "remediation", "staging-only"));
    }

    public void Dispose() => _ocm.Dispose();
}
