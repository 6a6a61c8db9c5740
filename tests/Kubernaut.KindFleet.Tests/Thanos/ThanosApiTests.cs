using System.Net;
using Kubernaut.KindFleet.Metrics;
using Kubernaut.KindFleet.Tests.Metrics;

namespace Kubernaut.KindFleet.Tests.Thanos;

public sealed class ThanosApiTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_772_000_000);

    [Fact]
    public async Task Query_ParseError_Returns400BadData()
    {
        await using var fleet = await Seeded();
        var (status, body) = await fleet.ThanosAsync("query?query=sum(rate(x[5m]&time=1772000000", TestContext.Current.CancellationToken);

        Assert.Equal(400, status);
        Assert.Equal("error", body.GetProperty("status").GetString());
        Assert.Equal("bad_data", body.GetProperty("errorType").GetString());
        Assert.Contains("parse error", body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_FormPostWithThanosParameters_ReturnsVectorWithStringValues()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fleet = await Seeded();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["query"] = "kube_statefulset_status_replicas_ready{statefulset=\"payment-db\"}",
            ["time"] = "2026-02-25T06:13:25.5Z",
            ["dedup"] = "true",
            ["partial_response"] = "false",
            ["replicaLabels[]"] = "prometheus_replica",
        });
        using var response = await fleet.Http.PostAsync(new Uri("thanos/api/v1/query", UriKind.Relative), form, ct);
        var text = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"__name__\":\"kube_statefulset_status_replicas_ready\",\"cluster\":\"prod-eu-west\",\"job\":\"kind-fleet\",\"namespace\":\"payments\",\"statefulset\":\"payment-db\"},\"value\":[1772000005.500,\"1\"]}]}}",
            text);
    }

    [Fact]
    public async Task QueryRange_Steps_ReturnsMatrixAlignedToStart()
    {
        await using var fleet = await Seeded();
        var (status, body) = await fleet.ThanosAsync($"query_range?query=sum(kube_statefulset_status_replicas_ready)&start={T0.ToUnixTimeSeconds()}&end={T0.ToUnixTimeSeconds() + 40}&step=15s", TestContext.Current.CancellationToken);

        Assert.Equal(200, status);
        var values = body.GetProperty("data").GetProperty("result")[0].GetProperty("values");
        Assert.Equal("matrix", body.GetProperty("data").GetProperty("resultType").GetString());
        Assert.Equal([$"{T0.ToUnixTimeSeconds()}:3", $"{T0.ToUnixTimeSeconds() + 15}:1", $"{T0.ToUnixTimeSeconds() + 30}:1"], values.EnumerateArray().Select(v => $"{v[0].GetRawText()}:{v[1].GetString()}"));
    }

    [Fact]
    public async Task QueryRange_EndBeforeStart_Returns400()
    {
        await using var fleet = await Seeded();
        var (status, body) = await fleet.ThanosAsync("query_range?query=up&start=100&end=50&step=1", TestContext.Current.CancellationToken);

        Assert.Equal(400, status);
        Assert.Equal("end timestamp must not be before start time", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task SeriesLabelsAndValues_Selectors_ListWhatIsStored()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fleet = await Seeded();

        var (_, series) = await fleet.ThanosAsync("series?match[]=kube_statefulset_status_replicas_ready&replicaLabels[]=job", ct);
        var (_, labels) = await fleet.ThanosAsync("labels", ct);
        var (_, clusters) = await fleet.ThanosAsync("label/cluster/values", ct);
        var (missing, _) = await fleet.ThanosAsync("series", ct);

        Assert.Equal("{\"__name__\":\"kube_statefulset_status_replicas_ready\",\"cluster\":\"prod-eu-west\",\"namespace\":\"payments\",\"statefulset\":\"payment-db\"}", series.GetProperty("data")[0].GetRawText());
        Assert.Equal(["__name__", "cluster", "job", "namespace", "pod", "statefulset"], labels.GetProperty("data").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["prod-eu-west", "prod-us-east"], clusters.GetProperty("data").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(400, missing);
    }

    [Fact]
    public async Task Query_ScalarExpression_ReturnsScalarPair()
    {
        await using var fleet = await Seeded();
        var (_, body) = await fleet.ThanosAsync("query?query=scalar(sum(kube_statefulset_status_replicas_ready))*2&time=1772000020.25", TestContext.Current.CancellationToken);

        Assert.Equal("{\"resultType\":\"scalar\",\"result\":[1772000020.250,\"2\"]}", body.GetProperty("data").GetRawText());
    }

    private static async Task<MetricsFleet> Seeded()
    {
        var fleet = await MetricsFleet.StartAsync(new FleetMetricsOptions { ScrapeInterval = TimeSpan.Zero });
        var sts = LabelSet.Of(("cluster", "prod-eu-west"), ("namespace", "payments"), ("statefulset", "payment-db"));
        fleet.Registry.Set("kube_statefulset_status_replicas_ready", sts, 3);
        fleet.Recorder.RecordAt(T0);
        fleet.Registry.Set("kube_statefulset_status_replicas_ready", sts, 1);
        fleet.Registry.Set("container_memory_working_set_bytes", LabelSet.Of(("cluster", "prod-us-east"), ("pod", "checkout-0")), 1);
        fleet.Recorder.RecordAt(T0.AddSeconds(5));
        return fleet;
    }
}
