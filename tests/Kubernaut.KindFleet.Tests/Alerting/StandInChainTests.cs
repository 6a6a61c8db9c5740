using System.Text.Json;
using Kubernaut.KindFleet.Alerting;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Metrics;
using Kubernaut.KindFleet.Tests.Metrics;
using Kubernaut.KindFleet.Tests.Support;

namespace Kubernaut.KindFleet.Tests.Alerting;

/// <summary>
/// The offline chain: the fleet records its own metrics, evaluates a rule with <c>for: 1m</c> and notifies through
/// the Alertmanager stand-in, all on a simulation clock running 20× faster than the wall clock.
/// </summary>
public sealed class StandInChainTests
{
    private const double Mi = 1024 * 1024;

    [Fact]
    public async Task StandIn_MemoryAboveLimitForAMinute_PendingThenFiringThenResolvedWebhooks()
    {
        var ct = TestContext.Current.CancellationToken;

        // The receiver answers the first delivery with 503: the stand-in must retry, as Alertmanager does.
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 1);
        var clock = new SimulationClock(20, DateTimeOffset.UtcNow);
        var rules = RealChainTests.Rules.Replace("for: 0s", "for: 1m", StringComparison.Ordinal);
        await using var fleet = await MetricsFleet.StartAsync(new FleetMetricsOptions(), clock, b => b.Services.AddSingleton(new FleetAlertingOptions
        {
            RulesYaml = rules,
            AlertmanagerYaml = $"""
                route:
                  receiver: hub
                  group_by: [alertname, cluster]
                  group_wait: 30s
                  group_interval: 1m
                receivers:
                  - name: hub
                    webhook_configs:
                      - url: {new Uri(receiver.Address, "hook")}
                        send_resolved: true
                        http_config:
                          bearer_token: hub-token
                """,
        }));
        var pod = LabelSet.Of(("cluster", "prod-us-east"), ("namespace", "checkout"), ("pod", "checkout-0"), ("container", "checkout"));
        fleet.Registry.Set("container_spec_memory_limit_bytes", pod, 512 * Mi);
        fleet.Registry.Set("container_memory_working_set_bytes", pod, 623 * Mi);
        var overLimitSince = clock.GetUtcNow();

        await PollAsync(async () => (await RuleAlertsAsync(fleet, ct)).Contains("pending"), "the alert to become pending", ct);
        Assert.Equal(0, receiver.Attempts);

        var firing = await receiver.NextAsync("/hook", b => b["status"]!.GetValue<string>() == "firing", TimeSpan.FromSeconds(60), ct);
        Assert.True(clock.GetUtcNow() - overLimitSince >= TimeSpan.FromMinutes(1), "fired before for: 1m elapsed");
        Assert.True(receiver.Attempts >= 2, "the 503 was not retried");
        Assert.Equal("Bearer hub-token", firing.Authorization);
        var alert = firing.Body["alerts"]![0]!;
        Assert.Equal("Pod checkout/checkout-0 uses 121.7% of its memory limit", alert["annotations"]!["summary"]!.GetValue<string>());
        Assert.Equal("{}:{alertname=\"ContainerMemoryNearLimit\", cluster=\"prod-us-east\"}", firing.Body["groupKey"]!.GetValue<string>());
        Assert.Equal("critical", firing.Body["commonLabels"]!["severity"]!.GetValue<string>());
        Assert.Contains("firing", await RuleAlertsAsync(fleet, ct));
        var listed = await fleet.Http.GetStringAsync(new Uri("api/v2/alerts", UriKind.Relative), ct);
        Assert.Contains(alert["fingerprint"]!.GetValue<string>(), listed, StringComparison.Ordinal);

        fleet.Registry.Set("container_memory_working_set_bytes", pod, 200 * Mi);
        var resolved = await receiver.NextAsync("/hook", b => b["status"]!.GetValue<string>() == "resolved", TimeSpan.FromSeconds(60), ct);
        Assert.Equal(alert["fingerprint"]!.GetValue<string>(), resolved.Body["alerts"]![0]!["fingerprint"]!.GetValue<string>());
        Assert.Equal(alert["startsAt"]!.GetValue<string>(), resolved.Body["alerts"]![0]!["startsAt"]!.GetValue<string>());

        // group_interval is 1m: the resolution must be notified within a few intervals of simulated time (a timer
        // running on the wall clock instead would take 20 simulated minutes).
        var endedAt = DateTimeOffset.Parse(resolved.Body["alerts"]![0]!["endsAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(clock.GetUtcNow() - endedAt < TimeSpan.FromMinutes(5), $"resolved notified {clock.GetUtcNow() - endedAt} (simulated) after the alert ended");
    }

    private static async Task<string> RuleAlertsAsync(MetricsFleet fleet, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(await fleet.Http.GetStringAsync(new Uri("thanos/api/v1/alerts", UriKind.Relative), ct));
        return string.Join(",", doc.RootElement.GetProperty("data").GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("state").GetString()));
    }

    private static async Task PollAsync(Func<Task<bool>> condition, string what, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(50, ct);
        }
    }
}
