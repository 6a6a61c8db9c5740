using Kubernaut.KindFleet.Metrics;

namespace Kubernaut.KindFleet.Tests.Metrics;

public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task GetMetrics_FamiliesOfEveryType_RendersTextFormat004()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fleet = await MetricsFleet.StartAsync(new FleetMetricsOptions { ScrapeInterval = TimeSpan.Zero });
        var m = fleet.Registry;
        m.Describe("kube_pod_container_status_restarts_total", MetricType.Counter, "The number of container restarts per container.");
        m.Describe("http_request_duration_seconds", MetricType.Histogram, "Request latency\nin seconds \\ by route", [0.1, 1, 2.5]);
        m.Add("kube_pod_container_status_restarts_total", LabelSet.Of(("cluster", "prod-us-east"), ("namespace", "checkout"), ("pod", "checkout-0")), 14);
        m.Set("container_memory_working_set_bytes", LabelSet.Of(("cluster", "prod-us-east"), ("pod", "checkout-0"), ("note", "say \"hi\"\nback\\slash")), 653262848);
        var route = LabelSet.Of(("cluster", "prod-eu-west"), ("route", "/pay"));
        m.Observe("http_request_duration_seconds", route, 0.12, 3);
        m.Observe("http_request_duration_seconds", route, 2.4);
        m.Observe("http_request_duration_seconds", route, 7);

        using var response = await fleet.Http.GetAsync(new Uri("metrics", UriKind.Relative), ct);
        var text = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Contains("# HELP kube_pod_container_status_restarts_total The number of container restarts per container.\n# TYPE kube_pod_container_status_restarts_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("kube_pod_container_status_restarts_total{cluster=\"prod-us-east\",namespace=\"checkout\",pod=\"checkout-0\"} 14\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE container_memory_working_set_bytes gauge\n", text, StringComparison.Ordinal);
        Assert.Contains("container_memory_working_set_bytes{cluster=\"prod-us-east\",note=\"say \\\"hi\\\"\\nback\\\\slash\",pod=\"checkout-0\"} 6.53262848e+08\n", text, StringComparison.Ordinal);
        Assert.Contains("# HELP http_request_duration_seconds Request latency\\nin seconds \\\\ by route\n# TYPE http_request_duration_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains(
            "http_request_duration_seconds_bucket{cluster=\"prod-eu-west\",le=\"0.1\",route=\"/pay\"} 0\n" +
            "http_request_duration_seconds_bucket{cluster=\"prod-eu-west\",le=\"1\",route=\"/pay\"} 3\n" +
            "http_request_duration_seconds_bucket{cluster=\"prod-eu-west\",le=\"2.5\",route=\"/pay\"} 4\n" +
            "http_request_duration_seconds_bucket{cluster=\"prod-eu-west\",le=\"+Inf\",route=\"/pay\"} 5\n" +
            "http_request_duration_seconds_sum{cluster=\"prod-eu-west\",route=\"/pay\"} 9.76\n" +
            "http_request_duration_seconds_count{cluster=\"prod-eu-west\",route=\"/pay\"} 5\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_NegativeDeltaOnCounter_Throws()
    {
        var registry = new FleetMetricsRegistry();
        var pod = LabelSet.Of(("cluster", "staging"), ("pod", "web-0"));
        registry.Add("kube_pod_container_status_restarts_total", pod, 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => registry.Add("kube_pod_container_status_restarts_total", pod, -1));
        Assert.Throws<InvalidOperationException>(() => registry.Observe("kube_pod_container_status_restarts_total", pod, 1));
    }

    [Theory]
    [InlineData(0.005, "0.005")]
    [InlineData(2.5, "2.5")]
    [InlineData(100000, "100000")]
    [InlineData(1e6, "1e+06")]
    [InlineData(536870912, "5.36870912e+08")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(-3, "-3")]
    public void FormatG_Value_PrintsLikeGo(double value, string expected) => Assert.Equal(expected, GoFloat.FormatG(value));
}
