using k8s;
using k8s.Models;
using Kubernaut.KindFleet.Tests.Support;
using static Kubernaut.KindFleet.Tests.ApiServer.ApiTestKit;

namespace Kubernaut.KindFleet.Tests.ApiServer;

/// <summary>Watches through KubernetesClient: ordering, resumption from a resourceVersion, selectors.</summary>
public sealed class WatchTests(ApiServerFixture fleet) : IClassFixture<ApiServerFixture>
{
    private readonly IKubernetes _client = fleet.Client("prod-eu-west");
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    /// <summary>Reads events from a watch until <paramref name="count"/> arrived (or 30 s passed), then closes it.</summary>
    private async Task<List<(WatchEventType Type, V1ConfigMap Object)>> CollectAsync(
        string ns, string resourceVersion, int count, Func<Task> afterOpen, string? labelSelector = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(_ct);
        cts.CancelAfter(TimeSpan.FromSeconds(30));
        var events = new List<(WatchEventType, V1ConfigMap)>();
        var stream = _client.CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: resourceVersion, labelSelector: labelSelector, cancellationToken: cts.Token);
        var writer = Task.Run(afterOpen, _ct);
        try
        {
            await foreach (var e in stream.WithCancellation(cts.Token))
            {
                events.Add(e);
                if (events.Count == count)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!_ct.IsCancellationRequested)
        {
            // The deadline passed: the assertion on what arrived explains the failure.
        }

        await writer;
        return events;
    }

    [Fact]
    public async Task Watch_FromListRevision_DeliversChangesInOrder()
    {
        var ns = await NamespaceAsync(_client, _ct);
        var list = await _client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: _ct);

        var events = await CollectAsync(ns, list.Metadata.ResourceVersion, 4, async () =>
        {
            await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), ns, cancellationToken: _ct);
            await _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"k":"2"}}""", V1Patch.PatchType.MergePatch), "a", ns, cancellationToken: _ct);
            await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), ns, cancellationToken: _ct);
            await _client.CoreV1.DeleteNamespacedConfigMapAsync("a", ns, cancellationToken: _ct);
        });

        Assert.Equal(["Added a", "Modified a", "Added b", "Deleted a"], events.Select(e => $"{e.Type} {e.Object.Metadata.Name}"));
        var revisions = events.Select(e => long.Parse(e.Object.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(revisions.Order(), revisions);
        Assert.Equal("2", events[1].Object.Data["k"]);
    }

    [Fact]
    public async Task Watch_ResumeFromResourceVersion_GetsExactlyTheLaterEvents()
    {
        var ns = await NamespaceAsync(_client, _ct);
        var first = await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("first"), ns, cancellationToken: _ct);
        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("second"), ns, cancellationToken: _ct);
        await _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"k":"changed"}}""", V1Patch.PatchType.MergePatch), "second", ns, cancellationToken: _ct);

        // The marker written after the watch opened proves nothing else sat between the replay and the live stream.
        var events = await CollectAsync(ns, first.Metadata.ResourceVersion, 3, () =>
            _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("marker"), ns, cancellationToken: _ct));

        Assert.Equal(["Added second", "Modified second", "Added marker"], events.Select(e => $"{e.Type} {e.Object.Metadata.Name}"));
    }

    [Fact]
    public async Task Watch_WithoutResourceVersion_StartsWithCurrentObjects()
    {
        var ns = await NamespaceAsync(_client, _ct);
        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("existing"), ns, cancellationToken: _ct);

        var events = await CollectAsync(ns, "", 2, () =>
            _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("later"), ns, cancellationToken: _ct));

        Assert.Equal(["Added existing", "Added later"], events.Select(e => $"{e.Type} {e.Object.Metadata.Name}"));
    }

    [Fact]
    public async Task Watch_LabelSelector_FiltersEvents()
    {
        var ns = await NamespaceAsync(_client, _ct);
        var list = await _client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: _ct);

        var events = await CollectAsync(ns, list.Metadata.ResourceVersion, 2, async () =>
        {
            await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("other", labels: new Dictionary<string, string> { ["app"] = "other" }), ns, cancellationToken: _ct);
            await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("mine-1", labels: new Dictionary<string, string> { ["app"] = "mine" }), ns, cancellationToken: _ct);
            await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("mine-2", labels: new Dictionary<string, string> { ["app"] = "mine" }), ns, cancellationToken: _ct);
        }, labelSelector: "app=mine");

        Assert.Equal(["mine-1", "mine-2"], events.Select(e => e.Object.Metadata.Name));
    }

    [Fact]
    public async Task Watch_TimeoutSeconds_EndsTheStream()
    {
        using var http = Http(fleet, "prod-eu-west");
        var started = DateTime.UtcNow;

        var body = await http.GetStringAsync("api/v1/namespaces/default/configmaps?watch=true&resourceVersion=999999999&timeoutSeconds=1", _ct);

        Assert.Equal("", body);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(25));
    }
}
