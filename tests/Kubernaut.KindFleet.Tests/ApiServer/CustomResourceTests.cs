using System.Text.Json;
using k8s;
using k8s.Models;
using Kubernaut.KindFleet.Tests.Support;
using static Kubernaut.KindFleet.Tests.ApiServer.ApiTestKit;

namespace Kubernaut.KindFleet.Tests.ApiServer;

/// <summary>A CRD becomes Established, is served in discovery and takes custom objects, which kubectl prints with its columns.</summary>
public sealed class CustomResourceTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    private readonly IKubernetes _client = fleet.Client("staging");
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Crd_Applied_IsEstablishedAndServedInDiscovery()
    {
        await CustomResourceKit.EnsureWidgetsAsync(_client, _ct);
        using var http = Http(fleet, "staging");

        var crd = await _client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("widgets.kubernaut.example", cancellationToken: _ct);
        var groups = await http.GetJsonAsync("apis", _ct);
        var resources = await http.GetJsonAsync("apis/kubernaut.example/v1", _ct);

        Assert.Contains(crd.Status.Conditions, c => c.Type == "NamesAccepted" && c.Status == "True");
        Assert.Contains(groups["groups"]!.AsArray(), g => g!["name"]!.GetValue<string>() == "kubernaut.example");
        var names = resources["resources"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["widgets", "widgets/scale", "widgets/status"], names.Order(StringComparer.Ordinal));
        var widgets = resources["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "widgets")!;
        Assert.Equal(("Widget", true, "wdg"), (widgets["kind"]!.GetValue<string>(), widgets["namespaced"]!.GetValue<bool>(), widgets["shortNames"]![0]!.GetValue<string>()));
    }

    [Fact]
    public async Task CustomObjects_CreateGetPatchListDelete_RoundTrip()
    {
        await CustomResourceKit.EnsureWidgetsAsync(_client, _ct);
        var ns = await NamespaceAsync(_client, _ct);
        const string group = CustomResourceKit.Group;

        await _client.CustomObjects.CreateNamespacedCustomObjectAsync(CustomResourceKit.Widget("w1", 3), group, "v1", ns, "widgets", cancellationToken: _ct);
        await _client.CustomObjects.CreateNamespacedCustomObjectAsync(CustomResourceKit.Widget("w2", 5), group, "v1", ns, "widgets", cancellationToken: _ct);
        await _client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch("""{"spec":{"size":4}}""", V1Patch.PatchType.MergePatch), group, "v1", ns, "widgets", "w1", cancellationToken: _ct);
        var read = (JsonElement)await _client.CustomObjects.GetNamespacedCustomObjectAsync(group, "v1", ns, "widgets", "w1", cancellationToken: _ct);
        await _client.CustomObjects.DeleteNamespacedCustomObjectAsync(group, "v1", ns, "widgets", "w2", cancellationToken: _ct);
        var list = (JsonElement)await _client.CustomObjects.ListNamespacedCustomObjectAsync(group, "v1", ns, "widgets", cancellationToken: _ct);

        Assert.Equal(4, read.GetProperty("spec").GetProperty("size").GetInt32());
        Assert.Equal("blue", read.GetProperty("spec").GetProperty("color").GetString());
        Assert.Equal(2, read.GetProperty("metadata").GetProperty("generation").GetInt64());
        Assert.Equal("WidgetList", list.GetProperty("kind").GetString());
        Assert.Equal(["w1"], list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString()));
    }

    [Fact]
    public async Task CustomObjects_StatusSubresource_SeparatesSpecAndStatus()
    {
        await CustomResourceKit.EnsureWidgetsAsync(_client, _ct);
        var ns = await NamespaceAsync(_client, _ct);
        const string group = CustomResourceKit.Group;
        var body = CustomResourceKit.Widget("w", 1);
        body["status"] = new Dictionary<string, object> { ["phase"] = "Sneaky" };

        var created = (JsonElement)await _client.CustomObjects.CreateNamespacedCustomObjectAsync(body, group, "v1", ns, "widgets", cancellationToken: _ct);
        await _client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(new V1Patch("""{"spec":{"size":9},"status":{"phase":"Ready"}}""", V1Patch.PatchType.MergePatch),
            group, "v1", ns, "widgets", "w", cancellationToken: _ct);
        var read = (JsonElement)await _client.CustomObjects.GetNamespacedCustomObjectAsync(group, "v1", ns, "widgets", "w", cancellationToken: _ct);

        Assert.Equal(1, read.GetProperty("spec").GetProperty("size").GetInt32());
        Assert.Equal("Ready", read.GetProperty("status").GetProperty("phase").GetString());
        Assert.Equal(1, created.GetProperty("metadata").GetProperty("generation").GetInt64());
    }

    [Fact]
    public async Task KubectlGet_CustomResource_PrintsPrinterColumns()
    {
        await CustomResourceKit.EnsureWidgetsAsync(_client, _ct);
        var ns = await NamespaceAsync(_client, _ct);
        await _client.CustomObjects.CreateNamespacedCustomObjectAsync(CustomResourceKit.Widget("gizmo", 7), CustomResourceKit.Group, "v1", ns, "widgets", cancellationToken: _ct);
        await _client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(new V1Patch("""{"status":{"phase":"Ready"}}""", V1Patch.PatchType.MergePatch),
            CustomResourceKit.Group, "v1", ns, "widgets", "gizmo", cancellationToken: _ct);

        var table = await Kubectl.OkAsync(fleet.KubeconfigPath, "staging", "get", "wdg", "-n", ns);
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Matches(@"^NAME\s+SIZE\s+PHASE\s+AGE$", lines[0]);
        Assert.Matches(@"^gizmo\s+7\s+Ready\s+\d+s$", lines[1]);
    }

    [Fact]
    public async Task Crd_Deleted_StopsServingAndRemovesObjects()
    {
        const string yaml = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: gadgets.kubernaut.example
            spec:
              group: kubernaut.example
              scope: Cluster
              names: {plural: gadgets, singular: gadget, kind: Gadget}
              versions:
              - {name: v1alpha1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}
            """;
        await _client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(KubernetesYaml.Deserialize<V1CustomResourceDefinition>(yaml), cancellationToken: _ct);
        await _client.CustomObjects.CreateClusterCustomObjectAsync(new Dictionary<string, object>
        {
            ["apiVersion"] = "kubernaut.example/v1alpha1",
            ["kind"] = "Gadget",
            ["metadata"] = new Dictionary<string, object> { ["name"] = "g" },
        }, CustomResourceKit.Group, "v1alpha1", "gadgets", cancellationToken: _ct);

        await _client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync("gadgets.kubernaut.example", cancellationToken: _ct);
        var error = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() =>
            _client.CustomObjects.ListClusterCustomObjectAsync(CustomResourceKit.Group, "v1alpha1", "gadgets", cancellationToken: _ct));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.Response.StatusCode);
        Assert.Equal(0, fleet.Fleet.Find("staging")!.Store.Count(new Resources.GroupResource(CustomResourceKit.Group, "gadgets")));
    }
}
