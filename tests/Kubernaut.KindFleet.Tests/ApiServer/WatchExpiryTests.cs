using System.Text.Json.Nodes;
using k8s;
using Kubernaut.KindFleet.Tests.Support;
using static Kubernaut.KindFleet.Tests.ApiServer.ApiTestKit;

namespace Kubernaut.KindFleet.Tests.ApiServer;

/// <summary>
/// A watch from a resourceVersion the history no longer holds: the stream answers with an ERROR event carrying a
/// 410 Expired Status, as a real apiserver does. Its own fleet, because it pushes that cluster's history past its end.
/// </summary>
public sealed class WatchExpiryTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private async Task<string> OverflowHistoryAsync()
    {
        var client = fleet.Client("staging");
        var ns = await NamespaceAsync(client, _ct);
        var stale = (await client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: _ct)).Metadata.ResourceVersion;
        var cluster = fleet.Fleet.Find("staging")!;
        var configMaps = cluster.Type("", "configmaps");

        // 3000 writes in process (more than the 2048-event history) keep this fast; the watch itself goes over HTTP.
        for (var i = 0; i < 3000; i++)
        {
            cluster.Store.Create(configMaps, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ConfigMap",
                ["metadata"] = new JsonObject { ["name"] = $"cm-{i}", ["namespace"] = ns },
            });
        }

        return stale;
    }

    [Fact]
    public async Task Watch_TooOldResourceVersion_ClientSeesExpired410()
    {
        var stale = await OverflowHistoryAsync();
        var errors = new List<Exception>();
        var delivered = 0;

        var stream = fleet.Client("staging").CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: stale, onError: errors.Add, cancellationToken: _ct);
        await foreach (var unused in stream)
        {
            delivered++;
        }

        Assert.Equal(0, delivered);
        var status = Assert.IsType<KubernetesException>(Assert.Single(errors)).Status;
        Assert.Equal((410, "Expired"), (status.Code, status.Reason));
        Assert.StartsWith("too old resource version", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_TooOldResourceVersion_StreamsOneErrorEvent()
    {
        var stale = await OverflowHistoryAsync();
        using var http = Http(fleet, "staging");

        using var response = await http.GetAsync($"api/v1/configmaps?watch=true&resourceVersion={stale}", _ct);
        var lines = (await response.Content.ReadAsStringAsync(_ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var evt = JsonNode.Parse(Assert.Single(lines))!;
        Assert.Equal("ERROR", evt["type"]!.GetValue<string>());
        Assert.Equal(("Status", "Failure", "Expired", 410),
            (evt["object"]!["kind"]!.GetValue<string>(), evt["object"]!["status"]!.GetValue<string>(), evt["object"]!["reason"]!.GetValue<string>(), evt["object"]!["code"]!.GetValue<int>()));
    }

    [Fact]
    public async Task List_AfterHistoryOverflow_StillServesEverything()
    {
        await OverflowHistoryAsync();

        var list = await fleet.Client("staging").CoreV1.ListConfigMapForAllNamespacesAsync(cancellationToken: _ct);

        Assert.True(list.Items.Count >= 3000);
        Assert.Contains(list.Items, i => i.Metadata.Name == "cm-2999");
    }
}
