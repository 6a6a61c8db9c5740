using Kubernaut.KindFleet.Metrics;
using Kubernaut.KindFleet.Tests.Metrics;
using Kubernaut.KindFleet.Tests.Support;

namespace Kubernaut.KindFleet.Tests.PromQl;

/// <summary>
/// The Thanos stand-in and Debian's real Prometheus answer the same PromQL with the same values.
///
/// How the comparison is kept honest: a real Prometheus scrapes the fleet's <c>/metrics</c> every second while the
/// series change. Prometheus stamps each sample with its own scrape start time, which the fleet cannot know, so the
/// fleet runs with <c>RecordOnExposition</c>: every time it serves <c>/metrics</c> it stores exactly what it served
/// (plus staleness markers for vanished series), stamped with the moment it served it. Prometheus' scrape
/// timestamps are read back from its <c>up</c> series; each serve is matched to the scrape that fetched it (the one
/// a few milliseconds earlier) and the fleet's samples are re-stamped with Prometheus' timestamps into a second
/// fleet's store. Both sides then hold the same samples at the same timestamps, and any difference in an answer is
/// a difference in PromQL evaluation (rate extrapolation, window boundaries, lookback, staleness, matching, label
/// handling), which is what this test is about. The raw samples are compared first, so the exposition format is
/// checked too: Prometheus must have parsed back exactly what the fleet served.
/// </summary>
public sealed class PrometheusParityTests
{
    private static readonly string[] InstantQueries =
    [
        "container_memory_working_set_bytes",
        "container_memory_working_set_bytes{cluster=\"prod-us-east\", pod=~\"checkout-.*\"}",
        "container_memory_working_set_bytes{pod!=\"checkout-1\", namespace!~\"pay.*\"} offset 3s",
        "{__name__=~\"kube_statefulset_.*\"}",
        "container_memory_working_set_bytes / container_spec_memory_limit_bytes",
        "container_memory_working_set_bytes / on(cluster, namespace, pod, container) container_spec_memory_limit_bytes > 0.6",
        "container_memory_working_set_bytes / ignoring(job) container_spec_memory_limit_bytes",
        "sum by (cluster) (container_memory_working_set_bytes)",
        "sum without (pod, container) (container_memory_working_set_bytes)",
        "avg by (cluster) (container_memory_working_set_bytes)",
        "max(container_memory_working_set_bytes)",
        "min by (namespace) (container_memory_working_set_bytes)",
        "count(container_memory_working_set_bytes)",
        "stddev(container_memory_working_set_bytes)",
        "topk(2, container_memory_working_set_bytes)",
        "bottomk(1, container_memory_working_set_bytes) by (cluster)",
        "quantile(0.9, container_memory_working_set_bytes)",
        "rate(kube_pod_container_status_restarts_total[5s])",
        "rate(kube_pod_container_status_restarts_total[12s])",
        "increase(kube_pod_container_status_restarts_total[10s])",
        "irate(kube_pod_container_status_restarts_total[5s])",
        "resets(kube_pod_container_status_restarts_total[30s])",
        "changes(kube_pod_container_status_last_terminated_reason[10s])",
        "delta(container_memory_working_set_bytes[6s])",
        "deriv(container_memory_working_set_bytes[10s])",
        "predict_linear(container_memory_working_set_bytes[10s], 60)",
        "avg_over_time(container_memory_working_set_bytes[7s])",
        "max_over_time(container_memory_working_set_bytes[7s])",
        "min_over_time(kube_statefulset_status_replicas_ready[30s])",
        "sum_over_time(kube_deployment_status_replicas_available[8s])",
        "count_over_time(container_memory_working_set_bytes[5s])",
        "last_over_time(container_memory_working_set_bytes[10s])",
        "histogram_quantile(0.99, sum by (le, cluster) (rate(http_request_duration_seconds_bucket[10s])))",
        "histogram_quantile(0.5, rate(http_request_duration_seconds_bucket[5s]))",
        "histogram_quantile(0.9, http_request_duration_seconds_bucket)",
        "rate(http_request_duration_seconds_sum[6s]) / rate(http_request_duration_seconds_count[6s])",
        "abs(-container_memory_working_set_bytes)",
        "clamp_max(container_memory_working_set_bytes, 400e6)",
        "clamp_min(container_memory_working_set_bytes, 400e6)",
        "round(container_memory_working_set_bytes / 1e6)",
        "round(container_memory_working_set_bytes / 1e6, 0.5)",
        "time()",
        "vector(1)",
        "scalar(sum(kube_statefulset_status_replicas_ready))",
        "absent(nonexistent_metric{cluster=\"staging\", pod=~\"x.*\"})",
        "absent(kube_statefulset_status_replicas_ready)",
        "timestamp(kube_statefulset_status_replicas_ready)",
        "kube_statefulset_status_replicas_ready < bool 3",
        "kube_statefulset_status_replicas_ready != kube_statefulset_status_replicas",
        "kube_statefulset_status_replicas_ready == bool on(cluster, namespace, statefulset) kube_statefulset_status_replicas",
        "kube_pod_container_status_last_terminated_reason{reason=\"OOMKilled\"} == 1",
        "1 < kube_deployment_status_replicas_available",
        "kube_deployment_status_replicas_available > 2 or kube_statefulset_status_replicas_ready",
        "container_memory_working_set_bytes unless on(pod) kube_pod_info",
        "container_memory_working_set_bytes and on(cluster, namespace, pod) kube_pod_info",
        "kube_pod_container_status_restarts_total * on(cluster, namespace, pod) group_left(node) kube_pod_info",
        "kube_pod_info * on(cluster, namespace, pod) group_right(node) kube_pod_container_status_restarts_total",
        "label_replace(container_memory_working_set_bytes, \"service\", \"$1\", \"pod\", \"(.*)-[0-9]+\")",
        "2 ^ 3 ^ 2",
        "-2 ^ 2",
        "1 + 2 * 3 - 10 % 4",
        "sum(rate(kube_pod_container_status_restarts_total[10s])) by (cluster) > 0",
        "container_memory_working_set_bytes{pod=\"checkout-2\"}",
    ];

    private static readonly (string Query, int StepMs)[] RangeQueries =
    [
        ("sum by (cluster) (rate(kube_pod_container_status_restarts_total[5s]))", 2000),
        ("histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[6s])))", 1500),
        ("container_memory_working_set_bytes", 1000),
        ("kube_statefulset_status_replicas_ready / kube_statefulset_status_replicas", 700),
        ("1 + 1", 3000),
    ];

    [Fact]
    public async Task StandIn_SameSamplesAsRealPrometheus_AnswersEveryQueryWithTheSameValues()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fleet = await MetricsFleet.StartAsync(new FleetMetricsOptions { RecordOnExposition = true });
        SyntheticWorkload.Describe(fleet.Registry);
        SyntheticWorkload.Tick(fleet.Registry, 0);
        // Warm the rendering path (not /metrics itself, which records) so the first scrape is not slow.
        Assert.Contains("# TYPE http_request_duration_seconds histogram", TextExposition.Render(fleet.Registry.Snapshot()));
        await fleet.ThanosAsync("labels", ct);
        await using var prometheus = await RealPrometheus.StartAsync(PrometheusConfig(fleet.BaseAddress), ct: ct);

        // Change the series between scrapes until Prometheus has scraped 36 times (the workload plays 40 ticks).
        var scrapes = await PlayWorkloadAsync(fleet, prometheus, ct);

        var served = fleet.Store.Select([new LabelMatcher("job", LabelMatchType.Equal, "kind-fleet")], long.MinValue, long.MaxValue);
        await using var replay = await MetricsFleet.StartAsync(new FleetMetricsOptions { ScrapeInterval = TimeSpan.Zero });
        var lastMatched = Replay(served, scrapes, replay.Store);

        // Raw samples first: what Prometheus stored is exactly what the fleet served.
        await CompareAsync(prometheus, replay, "{job=\"kind-fleet\", __name__!~\"up|scrape_.+\"}[1m]", lastMatched, ct);

        var evaluationTimes = new List<long> { scrapes[8], scrapes[16] + 5000, scrapes[21], scrapes[27] + 300, scrapes[30] + 999, lastMatched };
        var nonEmpty = 0;
        foreach (var t in evaluationTimes)
        {
            foreach (var query in InstantQueries)
            {
                nonEmpty += await CompareAsync(prometheus, replay, query, t, ct) > 0 ? 1 : 0;
            }
        }

        Assert.True(nonEmpty > InstantQueries.Length * 4, $"only {nonEmpty} comparisons had data");
        foreach (var (query, step) in RangeQueries)
        {
            var start = scrapes[4] + 250;
            var parameters = new Dictionary<string, string> { ["query"] = query, ["start"] = RealPrometheus.Seconds(start), ["end"] = RealPrometheus.Seconds(lastMatched), ["step"] = (step / 1000.0).ToString(System.Globalization.CultureInfo.InvariantCulture) };
            var expected = await prometheus.ApiAsync("query_range", parameters, ct);
            var (_, actual) = await replay.ThanosAsync("query_range?" + string.Join("&", parameters.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")), ct);
            PromResultAssert.Equivalent(expected, actual, $"query_range {query}");
            Assert.True(PromResultAssert.Count(expected) > 3, $"query_range {query} returned too little: {expected}");
        }
    }

    private static string PrometheusConfig(Uri fleet) => $"""
        global:
          scrape_interval: 1s
          scrape_timeout: 900ms
          evaluation_interval: 1s
        scrape_configs:
          - job_name: kind-fleet
            static_configs:
              - targets: ['127.0.0.1:{fleet.Port}']
            # The fleet records series with job="kind-fleet" only; drop instance so both sides carry the same labels.
            metric_relabel_configs:
              - action: labeldrop
                regex: instance
        """;

    private static async Task<List<long>> PlayWorkloadAsync(MetricsFleet fleet, RealPrometheus prometheus, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        var tick = 1;
        while (true)
        {
            var up = await prometheus.QueryAsync("up{job=\"kind-fleet\"}[5m]", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ct);
            var result = up.GetProperty("data").GetProperty("result");
            var scrapes = result.GetArrayLength() == 0 ? [] : result[0].GetProperty("values").EnumerateArray().ToList();
            Assert.All(scrapes, s => Assert.Equal("1", s[1].GetString()));
            if (scrapes.Count >= 36)
            {
                return [.. scrapes.Select(s => (long)Math.Round(s[0].GetDouble() * 1000))];
            }

            Assert.True(DateTime.UtcNow < deadline, $"Prometheus scraped only {scrapes.Count} times:\n{prometheus.Output}");
            if (scrapes.Count > 0 && tick < 40)
            {
                SyntheticWorkload.Tick(fleet.Registry, tick++);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(scrapes.Count > 0 ? 900 : 200), ct);
        }
    }

    /// <summary>Re-stamps each served sample with the timestamp of the Prometheus scrape that fetched it; returns the newest one.</summary>
    private static long Replay(IReadOnlyList<StoredSeries> served, List<long> scrapes, TimeSeriesStore target)
    {
        var lastMatched = long.MinValue;
        var matchedServes = 0;
        var used = new HashSet<long>();
        var serveTimes = served.SelectMany(s => s.Samples).Select(s => s.TimestampMs).Distinct().Order().ToList();
        foreach (var serveTime in serveTimes)
        {
            // Prometheus stamps a scrape when it starts it, so the serve follows its scrape by a few milliseconds
            // (more for a cold first request); a little slack covers Prometheus' 2 ms timestamp alignment.
            var candidates = scrapes.Where(p => p <= serveTime + 5 && serveTime - p < 900).ToList();
            if (candidates.Count == 0 || !used.Add(candidates[^1]))
            {
                // Served after the last scrape Prometheus reported when it was asked: not part of the comparison.
                Assert.True(serveTime > scrapes[^1], $"a serve at {serveTime} matches no Prometheus scrape; scrapes: {string.Join(",", scrapes)}; serves: {string.Join(",", serveTimes)}");
                continue;
            }

            var scrape = candidates[^1];
            matchedServes++;
            lastMatched = Math.Max(lastMatched, scrape);
            foreach (var series in served)
            {
                foreach (var sample in series.Samples.Where(s => s.TimestampMs == serveTime))
                {
                    target.Append(series.Labels, scrape, sample.Value);
                }
            }
        }

        Assert.True(matchedServes >= scrapes.Count - 1, $"only {matchedServes} of {scrapes.Count} scrapes were matched to a serve");
        return lastMatched;
    }

    private static async Task<int> CompareAsync(RealPrometheus prometheus, MetricsFleet standIn, string query, long t, CancellationToken ct)
    {
        var expected = await prometheus.QueryAsync(query, t, ct);
        var (_, actual) = await standIn.ThanosAsync($"query?query={Uri.EscapeDataString(query)}&time={RealPrometheus.Seconds(t)}", ct);
        PromResultAssert.Equivalent(expected, actual, $"{query} @ {RealPrometheus.Seconds(t)}");
        return PromResultAssert.Count(expected);
    }
}
