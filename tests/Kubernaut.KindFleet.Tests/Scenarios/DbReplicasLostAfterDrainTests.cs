using Kubernaut.KindFleet.Tests.Controllers;

namespace Kubernaut.KindFleet.Tests.Scenarios;

/// <summary>Seed story 2 on prod-eu-west: the seed's numbers, a gateway restart that does not help, scale-statefulset that does.</summary>
public sealed class DbReplicasLostAfterDrainTests(ProdEuWestFleet fleet) : IClassFixture<ProdEuWestFleet>
{
    private const string Gateway = "cluster=\"prod-eu-west\",service=\"payment-gateway\"";

    [Fact]
    public async Task DbReplicasLostAfterDrain_SeedNumbersThenGatewayRestartThenScale_OnlyScaleRecovers()
    {
        var healthyP99 = await Eventually.ValueAsync(P99Async, v => v is not null && Math.Abs(v.Value - 0.12) < 0.005, "p99 at 120 ms before the drain");
        Assert.Equal(0.12, healthyP99!.Value, 0.01);

        var id = await fleet.StartAsync("db-replicas-lost-after-drain");
        await fleet.WaitStateAsync(id, "active");
        Assert.Equal("1", await fleet.KubectlAsync("get", "statefulset", "payment-db", "-n", "prod", "-o", "jsonpath={.status.readyReplicas}"));
        Assert.Equal("true", await fleet.KubectlAsync("get", "nodes", "-o", "jsonpath={.items[?(@.spec.unschedulable)].spec.unschedulable}"));
        await Eventually.ValueAsync(
            () => fleet.QueryAsync($"sum(db_client_connections_in_use{{{Gateway}}})"), v => v == 500, "the pool to saturate at 500/500");
        Assert.Equal(500, await fleet.QueryAsync($"sum(db_client_connections_max{{{Gateway}}})"));
        var p99 = await Eventually.ValueAsync(P99Async, v => v > 2.39, "p99 at 2.4 s", 90);
        Assert.Equal(2.4, p99!.Value, 0.01);
        Assert.Equal(5, await fleet.QueryAsync("count(kube_pod_container_status_ready{cluster=\"prod-eu-west\",container=\"payment-gateway\"} == 1)"));
        Assert.Equal(0, await fleet.QueryAsync("sum(kube_pod_container_status_restarts_total{cluster=\"prod-eu-west\",container=\"payment-gateway\"})"));
        var pod = (await fleet.KubectlAsync("get", "pods", "-n", "prod", "-l", "app=payment-gateway", "-o", "name")).Split('\n')[0];
        Assert.Contains("connection pool exhausted, waiting for available connection", await fleet.KubectlAsync("logs", "-n", "prod", pod));

        // Wrong fix: restarting the gateway gives it fresh pools against the same single database replica.
        await fleet.KubectlAsync("rollout", "restart", "deployment/payment-gateway", "-n", "prod");
        await fleet.AssertStillActiveAfterAsync(id, TimeSpan.FromMinutes(5));

        // Right fix: scale-statefulset, onto the nodes that are still schedulable.
        await fleet.KubectlAsync("scale", "statefulset", "payment-db", "-n", "prod", "--replicas=3");
        await fleet.WaitStateAsync(id, "recovered", 90);
        await Eventually.ValueAsync(
            () => fleet.QueryAsync($"sum(db_client_connections_in_use{{{Gateway}}})"), v => v == 180, "the pool back at 180/500", 60);
    }

    [Fact]
    public async Task CpuThrottlingAtHpaMax_ScaleByHandThenRaiseHpaMax_OnlyHpaMaxRecovers()
    {
        var id = await fleet.StartAsync("cpu-throttling-at-hpa-max");
        await fleet.WaitStateAsync(id, "active");
        await Eventually.ValueAsync(
            () => fleet.QueryAsync("sum(rate(container_cpu_cfs_throttled_periods_total{cluster=\"prod-eu-west\",container=\"fraud-check\"}[1m])) / sum(rate(container_cpu_cfs_periods_total{cluster=\"prod-eu-west\",container=\"fraud-check\"}[1m]))"),
            v => v > 0.5, "CFS throttling on fraud-check");
        Assert.Equal(4, await fleet.QueryAsync("kube_horizontalpodautoscaler_status_current_replicas{cluster=\"prod-eu-west\",horizontalpodautoscaler=\"fraud-check\"}"));
        Assert.Equal(4, await fleet.QueryAsync("kube_horizontalpodautoscaler_spec_max_replicas{cluster=\"prod-eu-west\",horizontalpodautoscaler=\"fraud-check\"}"));

        // Wrong fix: scaling the Deployment by hand; the HPA owns replicas and takes it back to its maximum.
        await fleet.KubectlAsync("scale", "deployment", "fraud-check", "-n", "prod", "--replicas=10");
        await fleet.AssertStillActiveAfterAsync(id, TimeSpan.FromMinutes(3));
        Assert.Equal("4", await fleet.KubectlAsync("get", "deployment", "fraud-check", "-n", "prod", "-o", "jsonpath={.spec.replicas}"));

        await fleet.KubectlAsync("patch", "hpa", "fraud-check", "-n", "prod", "--type=merge", "-p", "{\"spec\":{\"maxReplicas\":12}}");
        await fleet.WaitStateAsync(id, "recovered", 90);
    }

    [Fact]
    public async Task MissingSecret_RestartThenRecreateSecret_OnlySecretRecovers()
    {
        var id = await fleet.StartAsync("missing-secret");
        await fleet.WaitStateAsync(id, "active");
        await Eventually.KubectlAsync(fleet, fleet.Cluster, o => o.Contains("CreateContainerConfigError", StringComparison.Ordinal), "CreateContainerConfigError",
            "get", "pods", "-n", "prod", "-l", "app=ledger-service");
        Assert.Contains("secret \"ledger-db-credentials\" not found", await fleet.KubectlAsync("get", "events", "-n", "prod", "--field-selector", "reason=Failed"));

        await fleet.KubectlAsync("rollout", "restart", "deployment/ledger-service", "-n", "prod");
        await fleet.AssertStillActiveAfterAsync(id, TimeSpan.FromMinutes(3));

        await Eventually.ApplyAsync(fleet, fleet.Cluster, """
            apiVersion: v1
            kind: Secret
            metadata:
              name: ledger-db-credentials
              namespace: prod
            stringData:
              DB_USER: ledger
              DB_PASSWORD: rotated
            """);
        await fleet.WaitStateAsync(id, "recovered", 90);
    }

    private Task<double?> P99Async() =>
        fleet.QueryAsync($"histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{{{Gateway}}}[1m])))");
}
