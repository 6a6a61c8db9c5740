using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Kubernaut.KindFleet.Tests.ApiServer;
using Kubernaut.KindFleet.Tests.Support;
using static Kubernaut.KindFleet.Tests.ApiServer.ApiTestKit;

namespace Kubernaut.KindFleet.Tests.Patching;

/// <summary>The four patch content types through KubernetesClient, as controllers and kubectl send them.</summary>
public sealed class PatchOverHttpTests(ApiServerFixture fleet) : IClassFixture<ApiServerFixture>
{
    private readonly IKubernetes _client = fleet.Client("prod-us-east");
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private async Task<(string Ns, V1Deployment Deployment)> DeploymentAsync()
    {
        var ns = await NamespaceAsync(_client, _ct);
        return (ns, await _client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web"), ns, cancellationToken: _ct));
    }

    [Fact]
    public async Task Patch_JsonPatch_AppliesOperations()
    {
        var (ns, _) = await DeploymentAsync();

        var patched = await _client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("""
            [{"op":"replace","path":"/spec/replicas","value":4},{"op":"add","path":"/metadata/labels","value":{"tier":"front"}}]
            """, V1Patch.PatchType.JsonPatch), "web", ns, cancellationToken: _ct);

        Assert.Equal(4, patched.Spec.Replicas);
        Assert.Equal("front", patched.Metadata.Labels["tier"]);
    }

    [Fact]
    public async Task Patch_JsonPatchFailingTest_Is422AndChangesNothing()
    {
        var (ns, created) = await DeploymentAsync();

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("""
            [{"op":"test","path":"/spec/replicas","value":9},{"op":"replace","path":"/spec/replicas","value":4}]
            """, V1Patch.PatchType.JsonPatch), "web", ns, cancellationToken: _ct));
        var after = await _client.AppsV1.ReadNamespacedDeploymentAsync("web", ns, cancellationToken: _ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
        Assert.Equal(created.Metadata.ResourceVersion, after.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Patch_MergePatch_ReplacesContainerList()
    {
        var (ns, _) = await DeploymentAsync();

        var patched = await _client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("""
            {"spec":{"template":{"spec":{"containers":[{"name":"only","image":"only:1"}]}}},"metadata":{"annotations":{"a":"b"}}}
            """, V1Patch.PatchType.MergePatch), "web", ns, cancellationToken: _ct);

        Assert.Equal(["only"], patched.Spec.Template.Spec.Containers.Select(c => c.Name));
        Assert.Equal("b", patched.Metadata.Annotations["a"]);
    }

    [Fact]
    public async Task Patch_StrategicMerge_MergesContainersAndEnvByName()
    {
        var (ns, _) = await DeploymentAsync();

        var patched = await _client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("""
            {"spec":{"template":{"spec":{"containers":[
              {"name":"app","image":"registry.example/app:2","env":[{"name":"B","value":"20"},{"name":"C","value":"3"}]},
              {"name":"proxy","$patch":"delete"}]}}}}
            """, V1Patch.PatchType.StrategicMergePatch), "web", ns, cancellationToken: _ct);

        var app = Assert.Single(patched.Spec.Template.Spec.Containers);
        Assert.Equal("registry.example/app:2", app.Image);
        Assert.Equal(["A=1", "B=20", "C=3"], app.Env.Select(e => $"{e.Name}={e.Value}"));
        Assert.Equal(2, patched.Metadata.Generation);
    }

    [Fact]
    public async Task Patch_StrategicMergeOnCustomResource_Is415()
    {
        var (ns, _) = await DeploymentAsync();
        await CustomResourceKit.EnsureWidgetsAsync(_client, _ct);
        await _client.CustomObjects.CreateNamespacedCustomObjectAsync(CustomResourceKit.Widget("w", 1), CustomResourceKit.Group, "v1", ns, "widgets", cancellationToken: _ct);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"spec":{"size":2}}""", V1Patch.PatchType.StrategicMergePatch), CustomResourceKit.Group, "v1", ns, "widgets", "w", cancellationToken: _ct));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, error.Response.StatusCode);
    }

    [Fact]
    public async Task Patch_StaleResourceVersionInPatch_Is409Conflict()
    {
        var (ns, created) = await DeploymentAsync();
        await _client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("""{"spec":{"replicas":2}}""", V1Patch.PatchType.MergePatch), "web", ns, cancellationToken: _ct);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("{\"metadata\":{\"resourceVersion\":\"" + created.Metadata.ResourceVersion + "\"},\"spec\":{\"replicas\":3}}", V1Patch.PatchType.MergePatch), "web", ns, cancellationToken: _ct));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Equal("Conflict", error.Status().Reason);
    }

    [Fact]
    public async Task ServerSideApply_MissingObject_CreatesThenPatches()
    {
        var ns = await NamespaceAsync(_client, _ct);
        const string manifest = """
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"applied","labels":{"owner":"ssa"}},"data":{"a":"1"}}
            """;

        var created = await _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(manifest, V1Patch.PatchType.ApplyPatch), "applied", ns, fieldManager: "tests", cancellationToken: _ct);
        var updated = await _client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(manifest.Replace("\"a\":\"1\"", "\"a\":\"2\",\"b\":\"3\"", StringComparison.Ordinal), V1Patch.PatchType.ApplyPatch),
            "applied", ns, fieldManager: "tests", cancellationToken: _ct);

        Assert.Equal("1", created.Data["a"]);
        Assert.Equal(created.Metadata.Uid, updated.Metadata.Uid);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "2", ["b"] = "3" }, updated.Data);
        Assert.Equal("ssa", updated.Metadata.Labels["owner"]);
    }

    [Fact]
    public async Task ServerSideApply_IntoMissingNamespace_IsNotFound()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}""", V1Patch.PatchType.ApplyPatch),
            "x", "nowhere-to-be-found", fieldManager: "tests", cancellationToken: _ct));

        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
        Assert.Equal("namespaces", error.Status().Details.Kind);
    }

    [Fact]
    public async Task Patch_MissingObject_IsNotFound()
    {
        var ns = await NamespaceAsync(_client, _ct);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"a":"1"}}""", V1Patch.PatchType.MergePatch), "absent", ns, cancellationToken: _ct));

        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
    }
}
