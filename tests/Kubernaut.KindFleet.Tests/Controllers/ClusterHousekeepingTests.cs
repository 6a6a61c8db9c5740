using Kubernaut.KindFleet.Tests.Support;

namespace Kubernaut.KindFleet.Tests.Controllers;

public sealed class ClusterHousekeepingTests(WorkloadFleetFixture fleet) : IClassFixture<WorkloadFleetFixture>
{
    private const string Context = "staging";

    [Fact]
    public async Task ConfigMapChangeAndRollback_RecordsNumberedRevisionsAndRestoresData()
    {
        await Eventually.KubectlAsync(fleet, Context, o => o.Trim() == "1", "first revision recorded",
            "get", "configmap", "checkout-config", "-n", "staging", "-o", "jsonpath={.metadata.annotations.kubernaut\\.ai/revision}");

        await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "patch", "configmap", "checkout-config", "-n", "staging", "--type=merge", "-p", """{"data":{"CACHE_SIZE_MB":"4096"}}""");
        await Eventually.KubectlAsync(fleet, Context, o => o.Trim() == "2", "second revision recorded",
            "get", "configmap", "checkout-config", "-n", "staging", "-o", "jsonpath={.metadata.annotations.kubernaut\\.ai/revision}");
        var v1 = await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "get", "controllerrevision", "checkout-config-v1", "-n", "staging", "-o", "jsonpath={.data.data}");
        await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "patch", "configmap", "checkout-config", "-n", "staging", "--type=json",
            "-p", $$"""[{"op":"replace","path":"/data","value":{{v1}}}]""");
        await Eventually.KubectlAsync(fleet, Context, o => o.Trim() == "3", "rollback recorded as revision 3",
            "get", "configmap", "checkout-config", "-n", "staging", "-o", "jsonpath={.metadata.annotations.kubernaut\\.ai/revision}");

        var revisions = await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "get", "controllerrevisions", "-n", "staging", "-l", "kubernaut.ai/configmap=checkout-config",
            "-o", "jsonpath={range .items[*]}{.metadata.name}:{.revision}:{.data.data.CACHE_SIZE_MB} {end}");
        Assert.Equal(["checkout-config-v1:1:128", "checkout-config-v2:2:4096", "checkout-config-v3:3:128"], revisions.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order());
        var cache = await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "get", "configmap", "checkout-config", "-n", "staging", "-o", "jsonpath={.data.CACHE_SIZE_MB}");
        Assert.Equal("128", cache);
    }

    [Fact]
    public async Task NamespaceLifecycle_CreateThenDelete_GetsDefaultServiceAccountAndLosesEverythingInside()
    {
        await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "create", "namespace", "short-lived");
        await Eventually.KubectlAsync(fleet, Context, o => o.Trim() == "serviceaccount/default", "default service account",
            "get", "serviceaccounts", "-n", "short-lived", "-o", "name");
        await Eventually.ApplyAsync(fleet, Context, Eventually.Deployment("short-lived", "inside", 2));
        await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "rollout", "status", "deployment/inside", "-n", "short-lived", "--timeout=60s");

        await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "delete", "namespace", "short-lived");

        await Eventually.KubectlAsync(fleet, Context, o => !o.Contains("short-lived", StringComparison.Ordinal), "nothing left in the namespace",
            "get", "deployments,replicasets,pods,serviceaccounts,events", "-A", "-o", "custom-columns=NS:.metadata.namespace", "--no-headers");
    }

    [Fact]
    public async Task UnschedulablePod_NoNodeTolerated_ReportsFailedScheduling()
    {
        await Eventually.ApplyAsync(fleet, Context, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: nowhere
              namespace: default
            spec:
              nodeSelector:
                disktype: nvme
              containers:
              - name: app
                image: registry.example.com/test/web:1.0.0
            """);

        var condition = await Eventually.KubectlAsync(fleet, Context, o => o.Contains("Unschedulable"), "PodScheduled=False",
            "get", "pod", "nowhere", "-o", "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].reason} {.status.conditions[?(@.type==\"PodScheduled\")].message}");
        var events = await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "get", "events", "--field-selector", "involvedObject.name=nowhere,reason=FailedScheduling", "-o", "jsonpath={.items[*].message}");

        Assert.Contains("0/4 nodes are available", condition);
        Assert.Contains("didn't match Pod's node affinity/selector", events);
    }
}
