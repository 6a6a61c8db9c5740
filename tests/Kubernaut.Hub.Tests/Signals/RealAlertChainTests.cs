using System.Net.Http.Json;
using System.Text.Json;
using k8s;
using k8s.Models;
using Kubernaut.Hub.Tests.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Tests.Support;

namespace Kubernaut.Hub.Tests.Signals;

/// <summary>
/// The production signal path end to end: Debian's Prometheus scrapes the simulated fleet during
/// <c>oom-after-config-change</c>, Debian's Alertmanager routes the alert to the hub's receiver (with the bearer
/// credential Alertmanager's http_config sends), and the hub opens exactly one RemediationRequest for the
/// checkout-service Deployment however many pods fire and however often Alertmanager repeats itself; the resolved
/// notification after the fix updates that same request.
/// </summary>
public sealed class RealAlertChainTests
{
    private const string Cluster = "prod-us-east";
    private const string Namespace = "prod";

    [Fact]
    public async Task OomScenario_RealPrometheusAndAlertmanager_ExactlyOneRequestUpdatedByRepeatsAndResolution()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fleet = new FleetFixture { Time = SimulationClock.Create(10) };
        await fleet.InitializeAsync();
        await using var hub = await HubInstance.StartAsync(fleet, null, HubFixture.HubArgs);
        await using var alertmanager = await RealAlertmanager.StartAsync($"""
            route:
              receiver: kubernaut-hub
              group_by: [alertname, cluster, namespace]
              group_wait: 0s
              group_interval: 1s
              repeat_interval: 2s
            receivers:
              - name: kubernaut-hub
                webhook_configs:
                  - url: {new Uri(hub.Http.BaseAddress!, "api/v1/signals/alertmanager")}
                    send_resolved: true
                    http_config:
                      authorization:
                        credentials: {HubFixture.ReceiverToken}
            """, ct: ct);
        await using var prometheus = await RealPrometheus.ScrapingFleetAsync(fleet.BaseAddress, alertmanager, Rules, ct);

        using var sim = new HttpClient { BaseAddress = fleet.BaseAddress };
        var started = await sim.PostAsJsonAsync("sim/v1/scenarios", new { name = "oom-after-config-change", cluster = Cluster }, ct);
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync(ct));

        var opened = await Eventually.ValueAsync(() => CheckoutRequestsAsync(hub, ct), rrs => rrs.Count > 0 && Occurrences(rrs[0]) >= 3,
            "the checkout-service request counting repeated notifications", TimeSpan.FromSeconds(120));
        Assert.Single(opened);
        Assert.Equal("Deployment", opened[0].GetProperty("target").GetProperty("kind").GetString());

        await FixByRaisingTheLimitAsync(fleet.Client(Cluster), ct);
        var resolved = await Eventually.ValueAsync(() => CheckoutRequestsAsync(hub, ct),
            rrs => rrs.Count > 0 && rrs[0].GetProperty("signal").GetProperty("state").GetString() == "resolved",
            "the resolved notification on the same request", TimeSpan.FromSeconds(120));

        Assert.Single(resolved);
        Assert.Equal(opened[0].GetProperty("id").GetString(), resolved[0].GetProperty("id").GetString());
    }

    private static async Task<List<JsonElement>> CheckoutRequestsAsync(HubInstance hub, CancellationToken ct)
    {
        var list = await hub.Http.GetFromJsonAsync<JsonElement>($"/api/v1/remediations?cluster={Cluster}", ct);
        return [.. list.GetProperty("items").EnumerateArray().Where(rr => rr.GetProperty("target").GetProperty("name").GetString() == "checkout-service")];
    }

    private static long Occurrences(JsonElement rr) => rr.GetProperty("occurrenceCount").GetInt64();

    /// <summary>The seed's restart-and-patch-memory fix: a 768Mi limit holds the unbounded cache's plateau.</summary>
    private static async Task FixByRaisingTheLimitAsync(IKubernetes spoke, CancellationToken ct)
    {
        var patch = """
            {"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"fix"}},
             "spec":{"containers":[{"name":"checkout-service","resources":{"limits":{"memory":"768Mi"}}}]}}}}
            """;
        await spoke.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(patch, V1Patch.PatchType.StrategicMergePatch), "checkout-service", Namespace, cancellationToken: ct);
    }

    private const string Rules = """
        groups:
          - name: kubernaut-fleet
            rules:
              - alert: ContainerMemoryNearLimit
                expr: container_memory_working_set_bytes / on(cluster, namespace, pod, container) container_spec_memory_limit_bytes > 0.9
                for: 0s
                labels:
                  severity: critical
                annotations:
                  summary: "{{ $labels.namespace }}/{{ $labels.pod }} uses {{ $value | humanizePercentage }} of its memory limit"
        """;
}
