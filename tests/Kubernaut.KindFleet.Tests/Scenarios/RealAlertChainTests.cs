using System.Globalization;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Tests.Support;

namespace Kubernaut.KindFleet.Tests.Scenarios;

/// <summary>
/// Seed story 1 through the real alerting chain: Debian's Prometheus scrapes the fleet's <c>/metrics</c> while
/// <c>oom-after-config-change</c> plays, evaluates an SRE's OOMKilled rule, and Debian's Alertmanager delivers the
/// version-4 webhook: firing during the crash loop, resolved once the config rollback and rolling restart replaced the
/// OOMKilled pods.
/// </summary>
[Collection(nameof(TimingSensitiveCollection))]
public sealed class RealAlertChainTests(ProdUsEastFleet fleet) : IClassFixture<ProdUsEastFleet>
{
    private const string WebhookPath = "/api/v1/signals/alertmanager";

    /// <summary>
    /// The container was OOMKilled and has restarted lately. The restart clause keeps a long-ago kill from alerting for
    /// ever; the instant <c>last_terminated_reason</c> clause makes the alert resolve as soon as the killed pods are
    /// gone (their series go stale at the next scrape), seconds of wall time after the fix even though Prometheus keeps
    /// wall-clock timestamps while the fleet runs faster.
    /// </summary>
    private const string Rules = """
        groups:
          - name: kubernetes-containers
            rules:
              - alert: KubeContainerOOMKilled
                expr: >-
                  kube_pod_container_status_last_terminated_reason{reason="OOMKilled"} == 1
                  and ignoring(reason)
                  increase(kube_pod_container_status_restarts_total[5m]) > 0
                for: 0s
                labels:
                  severity: critical
                annotations:
                  summary: "Container {{ $labels.container }} in {{ $labels.namespace }}/{{ $labels.pod }} was OOMKilled and restarted"
        """;

    [Fact]
    public async Task RealPrometheusAndAlertmanager_OomAfterConfigChangeThenRollback_FiringThenResolvedWebhook()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var alertmanager = await RealAlertmanager.StartAsync($"""
            route:
              receiver: hub
              group_by: [alertname, cluster, namespace]
              group_wait: 0s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: hub
                webhook_configs:
                  - url: {new Uri(receiver.Address, WebhookPath.TrimStart('/'))}
                    send_resolved: true
            """, ct: ct);
        await using var prometheus = await RealPrometheus.ScrapingFleetAsync(fleet.BaseAddress, alertmanager, Rules, ct);
        await Controllers.Eventually.ValueAsync(
            async () => (await prometheus.QueryAsync("kube_pod_container_status_restarts_total{container=\"checkout-service\"}", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ct))
                .GetProperty("data").GetProperty("result").GetArrayLength(),
            n => n > 0, "Prometheus to scrape the fleet", 60);

        var id = await fleet.StartAsync("oom-after-config-change");
        var firing = await NextWebhookAsync(receiver, "firing", prometheus, alertmanager, ct);
        Assert.Equal("4", firing["version"]!.GetValue<string>());
        var alert = firing["alerts"]!.AsArray().First(a => Label(a, "container") == "checkout-service")!;
        Assert.Equal("KubeContainerOOMKilled", Label(alert, "alertname"));
        Assert.Equal("prod-us-east", Label(alert, "cluster"));
        Assert.Equal("prod", Label(alert, "namespace"));
        Assert.StartsWith("checkout-service-", Label(alert, "pod"), StringComparison.Ordinal);
        Assert.Equal("OOMKilled", Label(alert, "reason"));
        Assert.Equal("firing", alert["status"]!.GetValue<string>());
        Assert.Equal("prod-us-east", firing["groupLabels"]!["cluster"]!.GetValue<string>());
        Assert.Equal("active", await fleet.StateAsync(id));
        var stillFiring = await prometheus.QueryAsync("ALERTS{alertname=\"KubeContainerOOMKilled\",alertstate=\"firing\",container=\"checkout-service\"}", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ct);
        Assert.NotEqual(0, stillFiring.GetProperty("data").GetProperty("result").GetArrayLength());

        // The right fix (kind-fleet/README.md): roll checkout-config back to revision 42, then a rolling restart.
        var fixedAt = DateTimeOffset.UtcNow;
        var data = await fleet.KubectlAsync("get", "controllerrevision", "checkout-config-v42", "-n", "prod", "-o", "jsonpath={.data.data}");
        await fleet.KubectlAsync("patch", "configmap", "checkout-config", "-n", "prod", "--type=json", "-p", $"[{{\"op\":\"replace\",\"path\":\"/data\",\"value\":{data}}}]");
        await fleet.KubectlAsync("rollout", "restart", "deployment/checkout-service", "-n", "prod");

        // Only a notification whose alerts Prometheus ended after the fix began counts.
        var resolved = await NextWebhookAsync(receiver, "resolved", prometheus, alertmanager, ct,
            b => b["alerts"]!.AsArray().All(a => DateTimeOffset.Parse(a!["endsAt"]!.GetValue<string>(), CultureInfo.InvariantCulture) >= fixedAt));
        // A scrape lost on a loaded machine can end and restart an alert early, so which pods' alerts this last
        // notification lists varies; all of them are checkout-service's, and resolved.
        Assert.NotEmpty(resolved["alerts"]!.AsArray());
        Assert.All(resolved["alerts"]!.AsArray(), a =>
        {
            Assert.Equal("resolved", a!["status"]!.GetValue<string>());
            Assert.Equal(("prod-us-east", "prod", "checkout-service"), (Label(a, "cluster"), Label(a, "namespace"), Label(a, "container")));
        });
        Assert.Equal("prod-us-east", resolved["groupLabels"]!["cluster"]!.GetValue<string>());
        await fleet.WaitStateAsync(id, "recovered", 90);
    }

    private static string Label(JsonNode? alert, string name) => alert!["labels"]![name]!.GetValue<string>();

    private static async Task<JsonObject> NextWebhookAsync(WebhookReceiver receiver, string status, RealPrometheus prometheus, RealAlertmanager alertmanager,
        CancellationToken ct, Func<JsonObject, bool>? also = null)
    {
        try
        {
            var delivery = await receiver.NextAsync(WebhookPath, b => b["status"]!.GetValue<string>() == status && (also?.Invoke(b) ?? true), TimeSpan.FromSeconds(90), ct);
            return delivery.Body;
        }
        catch (TimeoutException e)
        {
            Assert.Fail($"{e.Message}\nprometheus:\n{prometheus.Output}\nalertmanager:\n{alertmanager.Output}");
            throw;
        }
    }
}
