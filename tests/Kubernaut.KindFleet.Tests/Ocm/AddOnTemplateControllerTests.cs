using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Ocm;

namespace Kubernaut.KindFleet.Tests.Ocm;

public sealed class AddOnTemplateControllerTests : IDisposable
{
    private readonly OcmHarness _ocm = new();

    public AddOnTemplateControllerTests()
    {
        _ocm.Create(_ocm.Hub, "apiVersion: v1\nkind: Namespace\nmetadata: {name: remediation}");
        _ocm.Create(_ocm.Hub, """
            apiVersion: cluster.open-cluster-management.io/v1beta2
            kind: ManagedClusterSetBinding
            metadata: {name: default, namespace: remediation}
            spec: {clusterSet: default}
            """);
        _ocm.Create(_ocm.Hub, """
            apiVersion: cluster.open-cluster-management.io/v1beta1
            kind: Placement
            metadata: {name: all-prod, namespace: remediation}
            spec:
              predicates: [{requiredClusterSelector: {labelSelector: {matchLabels: {env: prod}}}}]
            """);
        _ocm.Create(_ocm.Hub, """
            apiVersion: addon.open-cluster-management.io/v1alpha1
            kind: AddOnDeploymentConfig
            metadata: {name: agent-config, namespace: open-cluster-management}
            spec:
              customizedVariables: [{name: IMAGE_TAG, value: "0.1.0"}]
            """);
        _ocm.Create(_ocm.Hub, """
            apiVersion: addon.open-cluster-management.io/v1alpha1
            kind: AddOnTemplate
            metadata: {name: remediation-agent-0.1.0}
            spec:
              addonName: remediation-agent
              agentSpec:
                workload:
                  manifests:
                  - apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: remediation-agent, namespace: open-cluster-management-agent-addon}
                    spec:
                      replicas: 1
                      selector: {matchLabels: {app: remediation-agent}}
                      template:
                        metadata: {labels: {app: remediation-agent}}
                        spec:
                          containers:
                          - name: agent
                            image: "example/agent:{{IMAGE_TAG}}"
                            args: ["--cluster-name={{CLUSTER_NAME}}", "--hub-kubeconfig={{HUB_KUBECONFIG}}"]
            """);
        _ocm.Create(_ocm.Hub, """
            apiVersion: addon.open-cluster-management.io/v1alpha1
            kind: ClusterManagementAddOn
            metadata: {name: remediation-agent}
            spec:
              supportedConfigs:
              - {group: addon.open-cluster-management.io, resource: addontemplates, defaultConfig: {name: remediation-agent-0.1.0}}
              - {group: addon.open-cluster-management.io, resource: addondeploymentconfigs, defaultConfig: {name: agent-config, namespace: open-cluster-management}}
              installStrategy:
                type: Placements
                placements: [{name: all-prod, namespace: remediation}]
            """);
    }

    [Fact]
    public void Reconcile_PlacementSelectsClusters_RendersAgentOntoEach()
    {
        _ocm.Settle();

        foreach (var cluster in new[] { "prod-us-east", "prod-eu-west" })
        {
            var deployment = _ocm.Get(_ocm.Spoke(cluster), "apps", "deployments", OcmNames.AgentAddonNamespace, "remediation-agent");
            var container = deployment?["spec"]?["template"]?["spec"]?["containers"].Objects().Single();
            Assert.Equal("example/agent:0.1.0", container.Str("image"));
            Assert.Equal([$"--cluster-name={cluster}", "--hub-kubeconfig=/managed/hub-kubeconfig/kubeconfig"], container?["args"].Strings());
            Assert.NotNull(_ocm.Get(_ocm.Hub, OcmNames.AddonGroup, "managedclusteraddons", cluster, "remediation-agent"));
        }

        Assert.Null(_ocm.Get(_ocm.Spoke("staging"), "apps", "deployments", OcmNames.AgentAddonNamespace, "remediation-agent"));
        Assert.Null(_ocm.Get(_ocm.Hub, OcmNames.AddonGroup, "managedclusteraddons", "staging", "remediation-agent"));
    }

    [Fact]
    public void Reconcile_AgentDeploymentBecomesReady_AddOnAvailable()
    {
        _ocm.Settle();
        var before = _ocm.Get(_ocm.Hub, OcmNames.AddonGroup, "managedclusteraddons", "prod-us-east", "remediation-agent");

        var spoke = _ocm.Spoke("prod-us-east");
        spoke.Store.Mutate(spoke.Type("apps", "deployments"), OcmNames.AgentAddonNamespace, "remediation-agent", d =>
        {
            d.Child("status")["replicas"] = 1;
            d.Child("status")["readyReplicas"] = 1;
            return d;
        });
        _ocm.Settle();

        var after = _ocm.Get(_ocm.Hub, OcmNames.AddonGroup, "managedclusteraddons", "prod-us-east", "remediation-agent");
        Assert.Equal("True", OcmConditions.StatusOf(before, "ManifestApplied"));
        Assert.Equal("False", OcmConditions.StatusOf(before, "Available"));
        Assert.Equal("True", OcmConditions.StatusOf(after, "Available"));
        Assert.Equal(OcmNames.AgentAddonNamespace, after?["status"].Str("namespace"));
    }

    [Fact]
    public void Reconcile_ClusterLeavesPlacement_UninstallsAgent()
    {
        _ocm.Settle();

        _ocm.Hub.Store.Mutate(_ocm.Hub.Type(OcmNames.ClusterGroup, "managedclusters"), "", "prod-eu-west", c =>
        {
            c.Metadata().Child("labels")["env"] = "staging";
            return c;
        });
        _ocm.Settle();

        Assert.Null(_ocm.Get(_ocm.Spoke("prod-eu-west"), "apps", "deployments", OcmNames.AgentAddonNamespace, "remediation-agent"));
        Assert.Null(_ocm.Get(_ocm.Hub, OcmNames.AddonGroup, "managedclusteraddons", "prod-eu-west", "remediation-agent"));
        Assert.NotNull(_ocm.Get(_ocm.Spoke("prod-us-east"), "apps", "deployments", OcmNames.AgentAddonNamespace, "remediation-agent"));
    }

    public void Dispose() => _ocm.Dispose();
}
