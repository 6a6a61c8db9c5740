using Kubernaut.KindFleet.Metrics;
using Kubernaut.KindFleet.Tests.Metrics;
using Kubernaut.KindFleet.Tests.Support;

namespace Kubernaut.KindFleet.Tests.Alerting;

/// <summary>
/// The whole real chain: Debian's Prometheus scrapes the fleet's <c>/metrics</c> and evaluates a rule, Debian's
/// Alertmanager delivers the webhook; firing while checkout-0 is above 90% of its memory limit, resolved once it
/// drops. Timings follow environment.md §1 (1 s scrape/evaluation, for: 0s, group_wait 0s, group_interval 1s).
/// </summary>
[Collection(nameof(TimingSensitiveCollection))]
public sealed class RealChainTests
{
    private const double Mi = 1024 * 1024;

    [Fact]
    public async Task RealPrometheusAndAlertmanager_MemoryCrossesLimit_WebhookFiresThenResolves()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fleet = await MetricsFleet.StartAsync(new FleetMetricsOptions());
        var pod = LabelSet.Of(("cluster", "prod-us-east"), ("namespace", "checkout"), ("pod", "checkout-0"), ("container", "checkout"));
        fleet.Registry.Set("container_spec_memory_limit_bytes", pod, 512 * Mi);
        fleet.Registry.Set("container_memory_working_set_bytes", pod, 623 * Mi);

        await using var receiver = await WebhookReceiver.StartAsync();
        await using var alertmanager = await RealAlertmanager.StartAsync($"""
            route:
              receiver: hub
              group_by: [alertname]
              group_wait: 0s
              group_interval: 1s
            receivers:
              - name: hub
                webhook_configs:
                  - url: {new Uri(receiver.Address, "api/v1/signals/alertmanager")}
                    send_resolved: true
            """, ct: ct);
        await using var prometheus = await RealPrometheus.ScrapingFleetAsync(fleet.BaseAddress, alertmanager, Rules, ct);

        var firing = await receiver.NextAsync("/api/v1/signals/alertmanager", b => b["status"]!.GetValue<string>() == "firing", TimeSpan.FromSeconds(90), ct);
        var alert = firing.Body["alerts"]![0]!;
        Assert.Equal("ContainerMemoryNearLimit", alert["labels"]!["alertname"]!.GetValue<string>());
        Assert.Equal("prod-us-east", alert["labels"]!["cluster"]!.GetValue<string>());
        Assert.Equal("checkout-0", alert["labels"]!["pod"]!.GetValue<string>());
        Assert.Equal("Pod checkout/checkout-0 uses 121.7% of its memory limit", alert["annotations"]!["summary"]!.GetValue<string>());
        Assert.Equal("4", firing.Body["version"]!.GetValue<string>());

        fleet.Registry.Set("container_memory_working_set_bytes", pod, 200 * Mi);
        var resolved = await receiver.NextAsync("/api/v1/signals/alertmanager", b => b["status"]!.GetValue<string>() == "resolved", TimeSpan.FromSeconds(90), ct);
        Assert.Equal(alert["fingerprint"]!.GetValue<string>(), resolved.Body["alerts"]![0]!["fingerprint"]!.GetValue<string>());
        Assert.NotEqual("0001-01-01T00:00:00Z", resolved.Body["alerts"]![0]!["endsAt"]!.GetValue<string>());
    }

    internal const string Rules = """
        groups:
          - name: kind-fleet
            rules:
              - alert: ContainerMemoryNearLimit
                expr: container_memory_working_set_bytes / on(cluster, namespace, pod, container) container_spec_memory_limit_bytes > 0.9
                for: 0s
                labels:
                  severity: critical
                annotations:
                  summary: "Pod {{ $labels.namespace }}/{{ $labels.pod }} uses {{ $value | humanizePercentage }} of its memory limit"
        """;
}
