using Kubernaut.KindFleet.Auth;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Ocm;

namespace Kubernaut.KindFleet.Tests.Ocm;

public sealed class ClusterPermissionControllerTests : IDisposable
{
    private readonly OcmHarness _ocm = new();

    private const string Permission = """
        apiVersion: rbac.open-cluster-management.io/v1alpha1
        kind: ClusterPermission
        metadata: {name: remediator-rbac, namespace: prod-us-east}
        spec:
          clusterRole:
            rules: [{apiGroups: [""], resources: [nodes], verbs: [get, list]}]
          clusterRoleBinding:
            subject: {apiGroup: authentication.open-cluster-management.io, kind: ManagedServiceAccount, name: remediator}
          roles:
          - namespace: default
            rules: [{apiGroups: [apps], resources: [deployments, deployments/scale], verbs: [get, list, patch]}]
          roleBindings:
          - namespace: default
            roleRef: {kind: Role}
            subject: {apiGroup: authentication.open-cluster-management.io, kind: ManagedServiceAccount, name: remediator}
        """;

    private static readonly UserInfo Remediator = UserInfo.ServiceAccount(OcmNames.AgentAddonNamespace, "remediator", "uid");

    [Fact]
    public void Reconcile_ClusterPermission_GrantsManagedServiceAccountOnSpoke()
    {
        _ocm.Create(_ocm.Hub, Permission);

        _ocm.Settle();

        var rbac = _ocm.Spoke("prod-us-east").Authorizer;
        Assert.True(rbac.IsAllowed(Remediator, new AccessRequest("patch", "apps", "deployments", "scale", "default", "web")));
        Assert.True(rbac.IsAllowed(Remediator, new AccessRequest("list", "", "nodes", "", null, null)));
        Assert.False(rbac.IsAllowed(Remediator, new AccessRequest("delete", "apps", "deployments", "", "default", "web")));
        Assert.False(rbac.IsAllowed(Remediator, new AccessRequest("patch", "apps", "deployments", "scale", "kube-system", "web")));
        var binding = _ocm.Get(_ocm.Spoke("prod-us-east"), "rbac.authorization.k8s.io", "rolebindings", "default", "remediator-rbac")!;
        Assert.Equal(OcmNames.AgentAddonNamespace, binding["subjects"].Objects().Single().Str("namespace"));
        var permission = _ocm.Get(_ocm.Hub, OcmNames.RbacGroup, "clusterpermissions", "prod-us-east", "remediator-rbac")!;
        Assert.Equal("True", OcmConditions.StatusOf(permission, "AppliedRBACManifestWork"));
        Assert.Equal("True", OcmConditions.StatusOf(permission, "Applied"));
    }

    [Fact]
    public void Reconcile_ClusterPermissionDeleted_RemovesSpokeRbac()
    {
        _ocm.Create(_ocm.Hub, Permission);
        _ocm.Settle();

        _ocm.Delete(_ocm.Hub, OcmNames.RbacGroup, "clusterpermissions", "prod-us-east", "remediator-rbac");
        _ocm.Settle();

        var spoke = _ocm.Spoke("prod-us-east");
        Assert.False(spoke.Authorizer.IsAllowed(Remediator, new AccessRequest("patch", "apps", "deployments", "scale", "default", "web")));
        Assert.Null(_ocm.Get(spoke, "rbac.authorization.k8s.io", "clusterroles", "", "remediator-rbac"));
        Assert.Null(_ocm.Get(_ocm.Hub, OcmNames.WorkGroup, "manifestworks", "prod-us-east", ClusterPermissionController.WorkName("remediator-rbac")));
    }

    public void Dispose() => _ocm.Dispose();
}
