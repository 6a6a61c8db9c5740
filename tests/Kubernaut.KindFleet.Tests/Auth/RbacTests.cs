using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Kubernaut.KindFleet.Tests.Support;
using static Kubernaut.KindFleet.Tests.ApiServer.ApiTestKit;

namespace Kubernaut.KindFleet.Tests.Auth;

/// <summary>A ServiceAccount token may do exactly what its Role/ClusterRole bindings grant, and nothing once the account is gone.</summary>
public sealed class RbacTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    private const string Cluster = "prod-us-east";
    private readonly IKubernetes _admin = fleet.Client(Cluster);
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    /// <summary>A namespace with ServiceAccount "reader" bound to a Role that may get/list pods, and a token for it.</summary>
    private async Task<(string Ns, string Token)> ReaderAsync(int expirationSeconds = 3600)
    {
        var ns = await NamespaceAsync(_admin, _ct, "rbac");
        await _admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "reader" } }, ns, cancellationToken: _ct);
        await _admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(new V1Role
        {
            Metadata = new V1ObjectMeta { Name = "pod-reader" },
            Rules = [new V1PolicyRule { ApiGroups = [""], Resources = ["pods", "pods/log"], Verbs = ["get", "list"] }],
        }, ns, cancellationToken: _ct);
        await _admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "reader-reads-pods" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "pod-reader" },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "reader", NamespaceProperty = ns }],
        }, ns, cancellationToken: _ct);
        var token = await _admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = expirationSeconds, Audiences = [] } }, "reader", ns, cancellationToken: _ct);
        return (ns, token.Status.Token);
    }

    [Fact]
    public async Task ServiceAccountToken_GrantedVerbs_AreAllowed()
    {
        var (ns, token) = await ReaderAsync();
        await _admin.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }] },
        }, ns, cancellationToken: _ct);
        var reader = fleet.ClientWithToken(Cluster, token);

        var list = await reader.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: _ct);
        var one = await reader.CoreV1.ReadNamespacedPodAsync("p", ns, cancellationToken: _ct);

        Assert.Equal(["p"], list.Items.Select(p => p.Metadata.Name));
        Assert.Equal("p", one.Metadata.Name);
    }

    [Fact]
    public async Task ServiceAccountToken_UngrantedResource_Is403WithKubernetesMessage()
    {
        var (ns, token) = await ReaderAsync();
        var reader = fleet.ClientWithToken(Cluster, token);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => reader.CoreV1.ListNamespacedSecretAsync(ns, cancellationToken: _ct));

        var status = error.Status();
        Assert.Equal(HttpStatusCode.Forbidden, error.Response.StatusCode);
        Assert.Equal(("Forbidden", 403, "secrets"), (status.Reason, status.Code, status.Details.Kind));
        Assert.Equal($"secrets is forbidden: User \"system:serviceaccount:{ns}:reader\" cannot list resource \"secrets\" in API group \"\" in the namespace \"{ns}\"", status.Message);
    }

    [Fact]
    public async Task ServiceAccountToken_UngrantedVerbOtherNamespaceOrClusterScope_AreForbidden()
    {
        var (ns, token) = await ReaderAsync();
        var reader = fleet.ClientWithToken(Cluster, token);
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "x" }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "i" }] } };

        var create = await Assert.ThrowsAsync<HttpOperationException>(() => reader.CoreV1.CreateNamespacedPodAsync(pod, ns, cancellationToken: _ct));
        var elsewhere = await Assert.ThrowsAsync<HttpOperationException>(() => reader.CoreV1.ListNamespacedPodAsync("default", cancellationToken: _ct));
        var nodes = await Assert.ThrowsAsync<HttpOperationException>(() => reader.CoreV1.ListNodeAsync(cancellationToken: _ct));
        var deployments = await Assert.ThrowsAsync<HttpOperationException>(() => reader.AppsV1.ReadNamespacedDeploymentAsync("d", ns, cancellationToken: _ct));

        Assert.All(new[] { create, elsewhere, nodes, deployments }, e => Assert.Equal(HttpStatusCode.Forbidden, e.Response.StatusCode));
        Assert.EndsWith("at the cluster scope", nodes.Status().Message, StringComparison.Ordinal);
        Assert.Equal($"deployments.apps \"d\" is forbidden: User \"system:serviceaccount:{ns}:reader\" cannot get resource \"deployments\" in API group \"apps\" in the namespace \"{ns}\"",
            deployments.Status().Message);
        Assert.Equal("apps", deployments.Status().Details.Group);
    }

    [Fact]
    public async Task ServiceAccountToken_ClusterRoleBinding_GrantsClusterScopedRead()
    {
        var (ns, token) = await ReaderAsync();
        var reader = fleet.ClientWithToken(Cluster, token);
        await _admin.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole
        {
            Metadata = new V1ObjectMeta { Name = $"{ns}-node-viewer" },
            Rules = [new V1PolicyRule { ApiGroups = [""], Resources = ["nodes"], Verbs = ["list"] }],
        }, cancellationToken: _ct);
        var denied = await Assert.ThrowsAsync<HttpOperationException>(() => reader.CoreV1.ListNodeAsync(cancellationToken: _ct));

        await _admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = $"{ns}-node-viewer" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = $"{ns}-node-viewer" },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "reader", NamespaceProperty = ns }],
        }, cancellationToken: _ct);
        var nodes = await reader.CoreV1.ListNodeAsync(cancellationToken: _ct);

        Assert.Equal(HttpStatusCode.Forbidden, denied.Response.StatusCode);
        Assert.Contains(nodes.Items, n => n.Metadata.Name == "prod-us-east-worker-1");
    }

    [Fact]
    public async Task ServiceAccountToken_AfterServiceAccountDeleted_Is401()
    {
        var (ns, token) = await ReaderAsync();
        var reader = fleet.ClientWithToken(Cluster, token);
        await reader.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: _ct);

        await _admin.CoreV1.DeleteNamespacedServiceAccountAsync("reader", ns, cancellationToken: _ct);
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => reader.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: _ct));

        Assert.Equal(HttpStatusCode.Unauthorized, error.Response.StatusCode);
        Assert.Equal("Unauthorized", error.Status().Reason);
    }

    [Fact]
    public async Task ServiceAccountToken_RecreatedServiceAccountOfSameName_StaysRejected()
    {
        var (ns, token) = await ReaderAsync();
        await _admin.CoreV1.DeleteNamespacedServiceAccountAsync("reader", ns, cancellationToken: _ct);
        await _admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "reader" } }, ns, cancellationToken: _ct);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => fleet.ClientWithToken(Cluster, token).CoreV1.ListNamespacedPodAsync(ns, cancellationToken: _ct));

        Assert.Equal(HttpStatusCode.Unauthorized, error.Response.StatusCode);
    }

    [Fact]
    public async Task ServiceAccountToken_OnAnotherCluster_Is401()
    {
        var (ns, token) = await ReaderAsync();

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => fleet.ClientWithToken("staging", token).CoreV1.ListNamespacedPodAsync(ns, cancellationToken: _ct));

        Assert.Equal(HttpStatusCode.Unauthorized, error.Response.StatusCode);
    }

    [Fact]
    public async Task SelfSubjectAccessReview_ServiceAccountToken_AnswersPerRule()
    {
        var (ns, token) = await ReaderAsync();
        var reader = fleet.ClientWithToken(Cluster, token);

        async Task<bool> CanAsync(string verb, string resource, string? subresource = null) =>
            (await reader.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(new V1SelfSubjectAccessReview
            {
                Spec = new V1SelfSubjectAccessReviewSpec
                {
                    ResourceAttributes = new V1ResourceAttributes { NamespaceProperty = ns, Verb = verb, Resource = resource, Subresource = subresource },
                },
            }, cancellationToken: _ct)).Status.Allowed;

        Assert.True(await CanAsync("list", "pods"));
        Assert.True(await CanAsync("get", "pods", "log"));
        Assert.False(await CanAsync("delete", "pods"));
        Assert.False(await CanAsync("get", "secrets"));
    }
}
