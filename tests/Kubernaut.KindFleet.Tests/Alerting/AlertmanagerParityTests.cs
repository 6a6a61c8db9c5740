using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Alerting;
using Kubernaut.KindFleet.Metrics;
using Kubernaut.KindFleet.Tests.Metrics;
using Kubernaut.KindFleet.Tests.Support;

namespace Kubernaut.KindFleet.Tests.Alerting;

/// <summary>
/// The stand-in's webhook is what Debian's real Alertmanager delivers: the same alert is POSTed to both, both route
/// it with the same alertmanager.yml to one in-test receiver, and the two payloads must be equal field by field
/// (fingerprint, groupKey, times, common labels...), firing and then resolved.
/// </summary>
public sealed class AlertmanagerParityTests
{
    private const string ExternalUrl = "http://alertmanager.example:9093";
    private const string Token = "s3cret-webhook-token";

    [Fact]
    public async Task Webhook_SameAlertPostedToBoth_StandInPayloadEqualsRealAlertmanagers()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var real = await RealAlertmanager.StartAsync(Config(new Uri(receiver.Address, "real")), ExternalUrl, ct);
        await using var fleet = await MetricsFleet.StartAsync(new FleetMetricsOptions(), configure: b => b.Services.AddSingleton(
            new FleetAlertingOptions { AlertmanagerYaml = Config(new Uri(receiver.Address, "stand-in")), ExternalUrl = ExternalUrl }));

        var startsAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 90_000);
        var alert = new Dictionary<string, object>
        {
            ["labels"] = new Dictionary<string, string> { ["alertname"] = "KubePodCrashLooping", ["cluster"] = "prod-us-east", ["namespace"] = "checkout", ["pod"] = "checkout-0", ["severity"] = "critical" },
            ["annotations"] = new Dictionary<string, string> { ["summary"] = "Pod checkout/checkout-0 is crash looping", ["runbook_url"] = "https://runbooks.example/KubePodCrashLooping" },
            ["startsAt"] = startsAt,
            ["generatorURL"] = "http://prometheus.example/graph?g0.expr=increase%28kube_pod_container_status_restarts_total%5B10m%5D%29+%3E+3&g0.tab=1",
        };
        await real.PostAlertsAsync(new[] { alert }, ct);
        await PostToStandInAsync(fleet, alert, ct);

        var realFiring = await receiver.NextAsync("/real", b => Status(b) == "firing", TimeSpan.FromSeconds(60), ct);
        var standInFiring = await receiver.NextAsync("/stand-in", b => Status(b) == "firing", TimeSpan.FromSeconds(60), ct);
        AssertSamePayload(realFiring, standInFiring);
        Assert.Equal("0001-01-01T00:00:00Z", standInFiring.Body["alerts"]![0]!["endsAt"]!.GetValue<string>());

        var endsAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1_000);
        alert["endsAt"] = endsAt;
        await real.PostAlertsAsync(new[] { alert }, ct);
        await PostToStandInAsync(fleet, alert, ct);

        var realResolved = await receiver.NextAsync("/real", b => Status(b) == "resolved", TimeSpan.FromSeconds(60), ct);
        var standInResolved = await receiver.NextAsync("/stand-in", b => Status(b) == "resolved", TimeSpan.FromSeconds(60), ct);
        AssertSamePayload(realResolved, standInResolved);
        Assert.Equal(AlertIdentity.GoTime(endsAt), standInResolved.Body["alerts"]![0]!["endsAt"]!.GetValue<string>());
    }

    private static string Config(Uri webhook) => $"""
        route:
          receiver: remediation-hub
          group_by: [alertname, cluster]
          group_wait: 0s
          group_interval: 1s
          repeat_interval: 4h
        receivers:
          - name: remediation-hub
            webhook_configs:
              - url: {webhook}
                send_resolved: true
                http_config:
                  authorization:
                    credentials: {Token}
        """;

    private static string? Status(JsonObject body) => body["status"]?.GetValue<string>();

    private static async Task PostToStandInAsync(MetricsFleet fleet, Dictionary<string, object> alert, CancellationToken ct)
    {
        using var response = await fleet.Http.PostAsJsonAsync("api/v2/alerts", new[] { alert }, ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    private static void AssertSamePayload(WebhookReceiver.Delivery real, WebhookReceiver.Delivery standIn)
    {
        Assert.True(JsonNode.DeepEquals(real.Body, standIn.Body), $"payloads differ\nreal:     {real.Body.ToJsonString()}\nstand-in: {standIn.Body.ToJsonString()}");
        Assert.Equal($"Bearer {Token}", real.Authorization);
        Assert.Equal(real.Authorization, standIn.Authorization);
        Assert.StartsWith("application/json", standIn.ContentType, StringComparison.Ordinal);
        Assert.Equal("4", standIn.Body["version"]!.GetValue<string>());
    }
}
