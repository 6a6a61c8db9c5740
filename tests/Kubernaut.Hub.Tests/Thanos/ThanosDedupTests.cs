using System.Collections.Concurrent;
using Kubernaut.Hub.Thanos;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Metrics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Tests.Thanos;

/// <summary>
/// Thanos' own query parameters: the client sends <c>dedup</c> and <c>partial_response</c> on every instant and range
/// query (read off the requests the fleet's Thanos stand-in receives over HTTP), and the stand-in honours dedup: two HA
/// replicas of one series (differing only in <c>prometheus_replica</c>) come back as one unless dedup is off.
/// </summary>
public sealed class ThanosDedupTests : IAsyncLifetime
{
    private readonly ReceivedQueries _received = new();
    private WebApplication? _fleet;
    private DateTimeOffset _sampled;

    public async ValueTask InitializeAsync()
    {
        _fleet = FleetHost.Build(new FleetHostOptions { Port = 0, ClusterNames = [SimulatedFleet.HubName] },
            b => b.Services.AddSingleton<IStartupFilter>(_received));
        await _fleet.StartAsync();
        // One series as an HA Prometheus pair scrapes it: the same labels and values but the replica label.
        var store = _fleet.Services.GetRequiredService<TimeSeriesStore>();
        _sampled = _fleet.Services.GetRequiredService<SimulatedFleet>().Time.GetUtcNow();
        foreach (var replica in new[] { "prometheus-0", "prometheus-1" })
        {
            store.Append(LabelSet.Of(("__name__", "dedup_probe_requests_total"), ("cluster", "prod-us-east"), ("job", "dedup-test"), ("prometheus_replica", replica)),
                _sampled.AddSeconds(-30), 41);
            store.Append(LabelSet.Of(("__name__", "dedup_probe_requests_total"), ("cluster", "prod-us-east"), ("job", "dedup-test"), ("prometheus_replica", replica)),
                _sampled, 42);
        }
    }

    private ThanosClient Client(bool dedup = true, bool partialResponse = true) => new(new HttpClient(), Options.Create(new ThanosOptions
    {
        Url = new Uri(FleetHost.BaseAddress(_fleet!), "thanos/"),
        Dedup = dedup,
        PartialResponse = partialResponse,
        // A fleet starting beside other tests on a loaded machine can be slow to answer its first query.
        Timeout = TimeSpan.FromSeconds(90),
    }));

    [Fact]
    public async Task Query_DefaultOptions_SendsDedupAndPartialResponseTrueAndReplicasMerge()
    {
        var result = await Client().QueryAsync("dedup_probe_requests_total{job=\"dedup-test\"}", _sampled, TestContext.Current.CancellationToken);

        var received = Assert.Single(_received.For("/thanos/api/v1/query"));
        Assert.Equal("true", received["dedup"]);
        Assert.Equal("true", received["partial_response"]);
        var series = Assert.Single(result.Series);
        Assert.Null(series.Label("prometheus_replica"));
        Assert.Equal(42, result.Value);
    }

    [Fact]
    public async Task Query_DedupAndPartialResponseOff_SendsFalseAndSeesEveryReplica()
    {
        var result = await Client(dedup: false, partialResponse: false).QueryAsync("dedup_probe_requests_total{job=\"dedup-test\"}", _sampled, TestContext.Current.CancellationToken);

        var received = Assert.Single(_received.For("/thanos/api/v1/query"));
        Assert.Equal("false", received["dedup"]);
        Assert.Equal("false", received["partial_response"]);
        Assert.Equal(["prometheus-0", "prometheus-1"], result.Series.Select(s => s.Label("prometheus_replica")).Order());
    }

    [Fact]
    public async Task QueryRange_DefaultOptions_SendsDedupAndPartialResponseAndOneSeries()
    {
        var result = await Client().QueryRangeAsync("dedup_probe_requests_total{job=\"dedup-test\"}", _sampled.AddMinutes(-1), _sampled, TimeSpan.FromSeconds(15),
            TestContext.Current.CancellationToken);

        var received = Assert.Single(_received.For("/thanos/api/v1/query_range"));
        Assert.Equal("true", received["dedup"]);
        Assert.Equal("true", received["partial_response"]);
        Assert.Equal("matrix", result.ResultType);
        Assert.Null(Assert.Single(result.Series).Label("prometheus_replica"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_fleet is not null)
        {
            await _fleet.StopAsync();
            await _fleet.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>The form fields of every Thanos API request as the stand-in's server received them (before its handler).</summary>
    private sealed class ReceivedQueries : IStartupFilter
    {
        private readonly ConcurrentQueue<(string Path, Dictionary<string, string> Fields)> _requests = new();

        public IEnumerable<Dictionary<string, string>> For(string path) => _requests.Where(r => r.Path == path).Select(r => r.Fields);

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, inner) =>
            {
                if (context.Request.Path.StartsWithSegments("/thanos/api/v1", StringComparison.Ordinal) && context.Request.HasFormContentType)
                {
                    var form = await context.Request.ReadFormAsync(context.RequestAborted);
                    _requests.Enqueue((context.Request.Path.Value!, form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal)));
                }

                await inner(context);
            });
            next(app);
        };
    }
}
