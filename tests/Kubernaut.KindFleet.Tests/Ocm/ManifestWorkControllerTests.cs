using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Ocm;

namespace Kubernaut.KindFleet.Tests.Ocm;

public sealed class ManifestWorkControllerTests : IDisposable
{
    private readonly OcmHarness _ocm = new();

    private const string Work = """
        apiVersion: work.open-cluster-management.io/v1
        kind: ManifestWork
        metadata: {name: tools, namespace: prod-eu-west}
        spec:
          workload:
            manifests:
            - apiVersion: v1
              kind: Namespace
              metadata: {name: tools}
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: settings, namespace: tools}
              data: {mode: safe}
            - apiVersion: apps/v1
              kind: Deployment
              metadata: {name: toolbox, namespace: tools}
              spec:
                selector: {matchLabels: {app: toolbox}}
                template:
                  metadata: {labels: {app: toolbox}}
                  spec: {containers: [{name: toolbox, image: busybox:1.36}]}
        """;

    [Fact]
    public void Reconcile_NewWork_AppliesManifestsAndReportsStatus()
    {
        _ocm.Create(_ocm.Hub, Work);

        _ocm.Settle();

        var spoke = _ocm.Spoke("prod-eu-west");
        Assert.Equal("safe", _ocm.Get(spoke, "", "configmaps", "tools", "settings")?["data"].Str("mode"));
        Assert.Equal(1, _ocm.Get(spoke, "apps", "deployments", "tools", "toolbox")?["spec"].Long("replicas"));
        var work = _ocm.Get(_ocm.Hub, OcmNames.WorkGroup, "manifestworks", "prod-eu-west", "tools")!;
        Assert.Equal("True", OcmConditions.StatusOf(work, "Applied"));
        Assert.Equal("True", OcmConditions.StatusOf(work, "Available"));
        var resources = work["status"]?["resourceStatus"]?["manifests"].Objects().Select(m => m["resourceMeta"].Str("resource")).ToList();
        Assert.Equal(["namespaces", "configmaps", "deployments"], resources);
        Assert.Contains(OcmNames.ManifestWorkFinalizer, work.Metadata()["finalizers"].Strings());
    }

    [Fact]
    public void Reconcile_ManifestDroppedFromSpec_DeletesItFromSpoke()
    {
        _ocm.Create(_ocm.Hub, Work);
        _ocm.Settle();
        var type = _ocm.Hub.Type(OcmNames.WorkGroup, "manifestworks");

        _ocm.Hub.Store.Mutate(type, "prod-eu-west", "tools", w =>
        {
            var manifests = (System.Text.Json.Nodes.JsonArray)w["spec"]!["workload"]!["manifests"]!;
            manifests.RemoveAt(1);
            return w;
        });
        _ocm.Settle();

        var spoke = _ocm.Spoke("prod-eu-west");
        Assert.Null(_ocm.Get(spoke, "", "configmaps", "tools", "settings"));
        Assert.NotNull(_ocm.Get(spoke, "apps", "deployments", "tools", "toolbox"));
    }

    [Fact]
    public void Reconcile_WorkDeleted_RemovesSpokeObjectsThenTheWork()
    {
        _ocm.Create(_ocm.Hub, Work);
        _ocm.Settle();

        _ocm.Delete(_ocm.Hub, OcmNames.WorkGroup, "manifestworks", "prod-eu-west", "tools");
        var terminating = _ocm.Get(_ocm.Hub, OcmNames.WorkGroup, "manifestworks", "prod-eu-west", "tools");
        _ocm.Settle();

        Assert.NotNull(terminating?.Metadata().Str("deletionTimestamp"));
        Assert.Null(_ocm.Get(_ocm.Hub, OcmNames.WorkGroup, "manifestworks", "prod-eu-west", "tools"));
        var spoke = _ocm.Spoke("prod-eu-west");
        Assert.Null(_ocm.Get(spoke, "apps", "deployments", "tools", "toolbox"));
        Assert.Null(_ocm.Get(spoke, "", "namespaces", "", "tools"));
    }

    [Fact]
    public void Reconcile_OrphanWorkDeleted_LeavesSpokeObjects()
    {
        _ocm.Create(_ocm.Hub, Work.Replace("spec:\n  workload:", "spec:\n  deleteOption: {propagationPolicy: Orphan}\n  workload:", StringComparison.Ordinal));
        _ocm.Settle();

        _ocm.Delete(_ocm.Hub, OcmNames.WorkGroup, "manifestworks", "prod-eu-west", "tools");
        _ocm.Settle();

        Assert.Null(_ocm.Get(_ocm.Hub, OcmNames.WorkGroup, "manifestworks", "prod-eu-west", "tools"));
        Assert.NotNull(_ocm.Get(_ocm.Spoke("prod-eu-west"), "apps", "deployments", "tools", "toolbox"));
    }

    [Fact]
    public void Reconcile_UnknownKind_ReportsAppliedFalse()
    {
        _ocm.Create(_ocm.Hub, """
            apiVersion: work.open-cluster-management.io/v1
            kind: ManifestWork
            metadata: {name: broken, namespace: staging}
            spec:
              workload:
                manifests:
                - {apiVersion: example.com/v1, kind: Widget, metadata: {name: w, namespace: default}}
            """);

        _ocm.Settle();

        var work = _ocm.Get(_ocm.Hub, OcmNames.WorkGroup, "manifestworks", "staging", "broken")!;
        Assert.Equal("False", OcmConditions.StatusOf(work, "Applied"));
    }

    public void Dispose() => _ocm.Dispose();
}
