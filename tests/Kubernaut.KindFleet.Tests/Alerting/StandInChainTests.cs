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
        var clock = new SimulationClock(20, DateTimeOffset.UtcNow);
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 1, clock);
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

        // Pending lasts one simulated minute, three seconds of wall time at 20x: a poll on a loaded machine can sleep
        // through all of it. So the test waits for the firing webhook and then reads the alert's history from the
        // ALERTS series the rule evaluator writes at every evaluation, as one would ask Prometheus.
        var firing = await receiver.NextAsync("/hook", b => b["status"]!.GetValue<string>() == "firing", TimeSpan.FromSeconds(90), ct);
        var pending = await AlertSampleTimesAsync(fleet, "pending", ct);
        var fired = await AlertSampleTimesAsync(fleet, "firing", ct);
        Assert.NotEmpty(pending);
        Assert.NotEmpty(fired);
        Assert.True(pending[0] >= overLimitSince - TimeSpan.FromSeconds(1), $"pending at {pending[0]:O}, before the memory went over the limit at {overLimitSince:O}");
        Assert.True(pending[^1] < fired[0], $"still pending at {pending[^1]:O} after firing at {fired[0]:O}");
        Assert.True(fired[0] - pending[0] >= TimeSpan.FromMinutes(1), $"fired {fired[0] - pending[0]} after turning pending (for: 1m)");
        Assert.True(fired[0] - overLimitSince >= TimeSpan.FromMinutes(1), "fired before for: 1m elapsed");
        Assert.True(receiver.FirstAttemptAt >= fired[0], $"a webhook was attempted at {receiver.FirstAttemptAt:O}, before the alert fired at {fired[0]:O}");
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
        var resolved = await receiver.NextAsync("/hook", b => b["status"]!.GetValue<string>() == "resolved", TimeSpan.FromSeconds(90), ct);
        Assert.Equal(alert["fingerprint"]!.GetValue<string>(), resolved.Body["alerts"]![0]!["fingerprint"]!.GetValue<string>());
        Assert.Equal(alert["startsAt"]!.GetValue<string>(), resolved.Body["alerts"]![0]!["startsAt"]!.GetValue<string>());

        // group_interval is 1m: the resolution must be notified within a few intervals of simulated time (a timer
        // running on the wall clock instead would take 20 simulated minutes).
        var endedAt = DateTimeOffset.Parse(resolved.Body["alerts"]![0]!["endsAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(resolved.ReceivedAt - endedAt < TimeSpan.FromMinutes(5), $"resolved notified {resolved.ReceivedAt - endedAt} (simulated) after the alert ended");
    }

    private static async Task<string> RuleAlertsAsync(MetricsFleet fleet, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(await fleet.Http.GetStringAsync(new Uri("thanos/api/v1/alerts", UriKind.Relative), ct));
        return string.Join(",", doc.RootElement.GetProperty("data").GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("state").GetString()));
    }

    /// <summary>The evaluation times at which the rule's alert was in <paramref name="state"/> (raw ALERTS samples of the last hour).</summary>
    private static async Task<List<DateTimeOffset>> AlertSampleTimesAsync(MetricsFleet fleet, string state, CancellationToken ct)
    {
        var query = Uri.EscapeDataString($"ALERTS{{alertname=\"ContainerMemoryNearLimit\",alertstate=\"{state}\"}}[1h]");
        var (status, body) = await fleet.ThanosAsync($"query?query={query}", ct);
        Assert.Equal(200, status);
        return [.. body.GetProperty("data").GetProperty("result").EnumerateArray()
            .SelectMany(series => series.GetProperty("values").EnumerateArray())
            .Select(point => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(point[0].GetDouble() * 1000)))
            .Order()];
    }
}
