using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Kubernaut.KindFleet.Tests.Support;
using static Kubernaut.KindFleet.Tests.ApiServer.ApiTestKit;

namespace Kubernaut.KindFleet.Tests.ApiServer;

/// <summary>Create/read/update/delete through KubernetesClient, with the apiserver's admission rules and error bodies.</summary>
public sealed class ClientCrudTests(ApiServerFixture fleet) : IClassFixture<ApiServerFixture>
{
    private readonly IKubernetes _client = fleet.Client("prod-us-east");
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateGetReplaceDelete_ConfigMap_RoundTrips()
    {
        var ns = await NamespaceAsync(_client, _ct);

        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("app", new Dictionary<string, string> { ["mode"] = "a" }), ns, cancellationToken: _ct);
        created.Data["mode"] = "b";
        var replaced = await _client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "app", ns, cancellationToken: _ct);
        var read = await _client.CoreV1.ReadNamespacedConfigMapAsync("app", ns, cancellationToken: _ct);
        await _client.CoreV1.DeleteNamespacedConfigMapAsync("app", ns, cancellationToken: _ct);
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReadNamespacedConfigMapAsync("app", ns, cancellationToken: _ct));

        Assert.NotNull(created.Metadata.Uid);
        Assert.Equal(created.Metadata.Uid, read.Metadata.Uid);
        Assert.True(long.Parse(replaced.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture) >
                    long.Parse(created.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("b", read.Data["mode"]);
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
    }

    [Fact]
    public async Task CreateDelete_ClusterScopedNamespace_IsListed()
    {
        var name = Unique("scoped");

        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } }, cancellationToken: _ct);
        var listed = await _client.CoreV1.ListNamespaceAsync(cancellationToken: _ct);
        await _client.CoreV1.DeleteNamespaceAsync(name, cancellationToken: _ct);

        var ns = Assert.Single(listed.Items, n => n.Metadata.Name == name);
        Assert.Null(ns.Metadata.NamespaceProperty);
        Assert.Equal("Active", ns.Status.Phase);
    }

    [Fact]
    public async Task Create_NamespaceMissing_IsNotFoundNamingTheNamespace()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("x"), "no-such-namespace", cancellationToken: _ct));

        var status = error.Status();
        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
        Assert.Equal(("NotFound", 404, "namespaces", "no-such-namespace"), (status.Reason, status.Code, status.Details.Kind, status.Details.Name));
        Assert.Equal("namespaces \"no-such-namespace\" not found", status.Message);
    }

    [Fact]
    public async Task Create_GenerateName_AppendsRandomSuffix()
    {
        var ns = await NamespaceAsync(_client, _ct);
        var body = new V1ConfigMap { Metadata = new V1ObjectMeta { GenerateName = "gen-" } };

        var first = await _client.CoreV1.CreateNamespacedConfigMapAsync(body, ns, cancellationToken: _ct);
        var second = await _client.CoreV1.CreateNamespacedConfigMapAsync(body, ns, cancellationToken: _ct);

        Assert.StartsWith("gen-", first.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal("gen-".Length + 5, first.Metadata.Name.Length);
        Assert.NotEqual(first.Metadata.Name, second.Metadata.Name);
    }

    [Fact]
    public async Task Create_DryRunAll_ReturnsObjectButStoresNothing()
    {
        var ns = await NamespaceAsync(_client, _ct);

        var answered = await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("dry"), ns, dryRun: "All", cancellationToken: _ct);
        var listed = await _client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: _ct);

        Assert.Equal("dry", answered.Metadata.Name);
        Assert.Empty(listed.Items);
    }

    [Fact]
    public async Task Delete_DryRunAll_KeepsObject()
    {
        var ns = await NamespaceAsync(_client, _ct);
        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("keep"), ns, cancellationToken: _ct);

        await _client.CoreV1.DeleteNamespacedConfigMapAsync("keep", ns, dryRun: "All", cancellationToken: _ct);

        Assert.Equal("keep", (await _client.CoreV1.ReadNamespacedConfigMapAsync("keep", ns, cancellationToken: _ct)).Metadata.Name);
    }

    [Fact]
    public async Task Create_SameNameTwice_IsAlreadyExists409()
    {
        var ns = await NamespaceAsync(_client, _ct);
        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("dup"), ns, cancellationToken: _ct);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("dup"), ns, cancellationToken: _ct));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Equal("AlreadyExists", error.Status().Reason);
        Assert.Equal("configmaps \"dup\" already exists", error.Status().Message);
    }

    [Fact]
    public async Task Create_InvalidName_IsUnprocessableInvalid()
    {
        var ns = await NamespaceAsync(_client, _ct);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("Not_Valid"), ns, cancellationToken: _ct));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
        Assert.Equal(("Invalid", "ConfigMap", "Not_Valid"), (error.Status().Reason, error.Status().Details.Kind, error.Status().Details.Name));
    }

    [Fact]
    public async Task Replace_StaleResourceVersion_Is409Conflict()
    {
        var ns = await NamespaceAsync(_client, _ct);
        var original = await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("occ"), ns, cancellationToken: _ct);
        var fresh = await _client.CoreV1.ReadNamespacedConfigMapAsync("occ", ns, cancellationToken: _ct);
        fresh.Data["k"] = "first writer";
        await _client.CoreV1.ReplaceNamespacedConfigMapAsync(fresh, "occ", ns, cancellationToken: _ct);
        original.Data["k"] = "second writer";

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReplaceNamespacedConfigMapAsync(original, "occ", ns, cancellationToken: _ct));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Equal("Conflict", error.Status().Reason);
        Assert.Contains("the object has been modified", error.Status().Message, StringComparison.Ordinal);
        Assert.Equal("first writer", (await _client.CoreV1.ReadNamespacedConfigMapAsync("occ", ns, cancellationToken: _ct)).Data["k"]);
    }

    [Fact]
    public async Task Replace_Deployment_GenerationBumpsOnSpecChangeOnly()
    {
        var ns = await NamespaceAsync(_client, _ct);
        var created = await _client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("gen"), ns, cancellationToken: _ct);

        created.Metadata.Labels = new Dictionary<string, string> { ["team"] = "a" };
        var relabeled = await _client.AppsV1.ReplaceNamespacedDeploymentAsync(created, "gen", ns, cancellationToken: _ct);
        relabeled.Spec.Template.Spec.Containers[0].Image = "registry.example/app:2";
        var changed = await _client.AppsV1.ReplaceNamespacedDeploymentAsync(relabeled, "gen", ns, cancellationToken: _ct);

        Assert.Equal(1, created.Metadata.Generation);
        Assert.Equal(1, relabeled.Metadata.Generation);
        Assert.Equal(2, changed.Metadata.Generation);
    }

    [Fact]
    public async Task DeleteCollection_LabelSelector_DeletesOnlyMatching()
    {
        var ns = await NamespaceAsync(_client, _ct);
        foreach (var (name, tier) in new[] { ("a", "cache"), ("b", "cache"), ("c", "web") })
        {
            await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name, labels: new Dictionary<string, string> { ["tier"] = tier }), ns, cancellationToken: _ct);
        }

        await _client.CoreV1.DeleteCollectionNamespacedConfigMapAsync(ns, labelSelector: "tier=cache", cancellationToken: _ct);
        var left = await _client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: _ct);

        Assert.Equal(["c"], left.Items.Select(i => i.Metadata.Name));
    }

    [Fact]
    public async Task Get_MissingDeployment_StatusBodySplitsGroupFromKind()
    {
        using var http = Http(fleet, "prod-us-east");

        using var response = await http.GetAsync("apis/apps/v1/namespaces/default/deployments/nope", _ct);
        var status = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(_ct))!;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var expected = System.Text.Json.Nodes.JsonNode.Parse(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"deployments.apps \"nope\" not found","reason":"NotFound","code":404,"details":{"name":"nope","group":"apps","kind":"deployments"}}""");
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(expected, status), status.ToJsonString());
    }

    [Fact]
    public async Task Request_WithoutToken_Is401Status()
    {
        using var http = Http(fleet, "prod-us-east");
        http.DefaultRequestHeaders.Authorization = null;

        using var response = await http.GetAsync("api/v1/namespaces", _ct);
        var status = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(_ct))!;

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(("Unauthorized", 401), (status["reason"]!.GetValue<string>(), status["code"]!.GetValue<int>()));
    }
}
