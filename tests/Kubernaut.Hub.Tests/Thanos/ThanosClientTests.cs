using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Kubernaut.Hub.Tests.Support;
using Kubernaut.Hub.Thanos;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Tests.Thanos;

/// <summary>The typed Prometheus/Thanos client against the fleet's Thanos Query stand-in, and every symptom query it sends.</summary>
public sealed class ThanosClientTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    private ThanosClient Client(Uri? url = null) => new(new HttpClient(), Options.Create(new ThanosOptions { Url = url ?? new Uri(fleet.BaseAddress, "thanos/") }));

    [Fact]
    public async Task Query_InstantOnSeededDeployment_ValueAndServerTime()
    {
        var ct = TestContext.Current.CancellationToken;
        var result = await Eventually2Value(() => Client().QueryAsync("kube_deployment_spec_replicas{cluster=\"prod-us-east\",deployment=\"checkout-service\"}", null, ct));

        Assert.Equal(3, result.Value);
        Assert.Equal("vector", result.ResultType);
        Assert.Equal("checkout-service", result.Series[0].Label("deployment"));
        Assert.NotNull(result.EvaluatedAt);
        Assert.False(result.IsPartial);
    }

    [Fact]
    public async Task QueryRange_LastMinutes_SamplesInOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        await Eventually2Value(() => Client().QueryAsync("kube_deployment_spec_replicas{cluster=\"prod-us-east\"}", null, ct));
        var now = DateTimeOffset.UtcNow;
        var result = await Client().QueryRangeAsync("sum(kube_deployment_spec_replicas{cluster=\"prod-us-east\"})", now.AddMinutes(-2), now, TimeSpan.FromSeconds(15), ct);

        Assert.Equal("matrix", result.ResultType);
        var samples = Assert.Single(result.Series).Samples;
        Assert.NotEmpty(samples);
        Assert.True(samples.Zip(samples.Skip(1)).All(p => p.First.At < p.Second.At));
    }

    [Fact]
    public async Task Query_NoSuchSeries_EmptyNotError()
    {
        var result = await Client().QueryAsync("container_memory_working_set_bytes{cluster=\"no-such-cluster\"}", null, TestContext.Current.CancellationToken);

        Assert.True(result.IsEmpty);
        Assert.Null(result.Value);
    }

    [Fact]
    public async Task Query_BadPromQl_QueryExceptionWithErrorType()
    {
        var error = await Assert.ThrowsAsync<PromQueryException>(() => Client().QueryAsync("sum(rate(", null, TestContext.Current.CancellationToken));
        Assert.Equal("bad_data", error.ErrorType);
    }

    [Fact]
    public async Task Query_NothingListening_Unavailable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        await Assert.ThrowsAsync<ThanosUnavailableException>(() => Client(new Uri($"http://127.0.0.1:{port}/")).QueryAsync("up", null, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SymptomQueries_EveryOne_AcceptedByTheQueryApi()
    {
        var ct = TestContext.Current.CancellationToken;
        var s = new WorkloadScope("prod-eu-west", "prod", "payment-gateway", "payment-gateway");
        string[] queries =
        [
            SymptomQueries.MemoryWorkingSet(s), SymptomQueries.MemoryLimit(s), SymptomQueries.MemoryAgainstLimit(s), SymptomQueries.RestartsIncrease(s, "15m"),
            SymptomQueries.Restarts(s), SymptomQueries.TerminatedBy(s, "OOMKilled"), SymptomQueries.LatencyQuantile(s, 0.99), SymptomQueries.ErrorRatio(s),
            SymptomQueries.RequestRate(s), SymptomQueries.ReadyReplicas(s), SymptomQueries.DeploymentDesired(s), SymptomQueries.StatefulSetReady("prod-eu-west", "prod", "payment-db"),
            SymptomQueries.StatefulSetDesired("prod-eu-west", "prod", "payment-db"), SymptomQueries.PoolInUse(s), SymptomQueries.PoolMax(s), SymptomQueries.PoolPending(s),
            SymptomQueries.CpuThrottledRatio(s), SymptomQueries.HpaCurrent(s), SymptomQueries.HpaMax(s),
        ];
        await Eventually2Value(() => Client().QueryAsync(SymptomQueries.PoolMax(s), null, ct));
        foreach (var query in queries)
        {
            await Client().QueryAsync(query, null, ct);
        }

        Assert.Equal(3, (await Client().QueryAsync(SymptomQueries.StatefulSetDesired("prod-eu-west", "prod", "payment-db"), null, ct)).Value);
        Assert.Equal(500, (await Client().QueryAsync($"sum({SymptomQueries.PoolMax(s)})", null, ct)).Value);
    }

    [Fact]
    public void Parse_PartialResponseWarnings_Surfaced()
    {
        using var body = JsonDocument.Parse("""
            {"status":"success","warnings":["No StoreAPIs matched for this query: store eu-west-sidecar unavailable"],
             "data":{"resultType":"vector","result":[{"metric":{"pool":"payment-db"},"value":[1767254100.5,"500"]},{"metric":{"pool":"x"},"value":[1767254100.5,"NaN"]}]}}
            """);

        var result = PromResult.Parse("q", body.RootElement);

        Assert.True(result.IsPartial);
        Assert.Contains("store eu-west-sidecar unavailable", result.Warnings[0]);
        Assert.Equal(500, result.Value);
        Assert.Empty(result.Series[1].Samples);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1767254100500), result.EvaluatedAt);
    }

    private static async Task<PromResult> Eventually2Value(Func<Task<PromResult>> query)
    {
        PromResult? last = null;
        await Eventually.TrueAsync(async () => (last = await query()) is { IsEmpty: false }, "the fleet's metrics to appear");
        return last!;
    }
}
