using System.Text.Json;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace Kubernaut.KindFleet.Tests.Metrics;

public sealed class RecorderTests
{
    private const double Mi = 1024 * 1024;

    [Fact]
    public async Task RecordAt_StoryThirtyMinutesAgo_QueryableAtThatSimulatedTime()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new SimulationClock(60, DateTimeOffset.Parse("2026-03-02T03:44:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var fleet = await MetricsFleet.StartAsync(new FleetMetricsOptions { ScrapeInterval = TimeSpan.Zero }, clock);
        var pod = LabelSet.Of(("cluster", "prod-us-east"), ("namespace", "checkout"), ("pod", "checkout-0"), ("container", "checkout"));
        var reload = DateTimeOffset.Parse("2026-03-02T03:14:00Z", System.Globalization.CultureInfo.InvariantCulture);

        // Backfill: 400Mi before the 03:14 config reload, 623Mi from then on, every 15 s for 30 minutes.
        for (var t = reload.AddMinutes(-5); t <= reload.AddMinutes(25); t = t.AddSeconds(15))
        {
            fleet.Registry.Set("container_memory_working_set_bytes", pod, (t < reload ? 400 : 623) * Mi);
            fleet.Recorder.RecordAt(t);
        }

        var (_, before) = await fleet.ThanosAsync($"query?query=container_memory_working_set_bytes&time={reload.AddMinutes(-1).ToUnixTimeSeconds()}", ct);
        var (_, after) = await fleet.ThanosAsync($"query?query=max_over_time(container_memory_working_set_bytes[30m])/1024/1024&time={reload.AddMinutes(25).ToUnixTimeSeconds()}", ct);

        Assert.Equal((400 * Mi).ToString(System.Globalization.CultureInfo.InvariantCulture), Value(before));
        Assert.Equal("kind-fleet", before.GetProperty("data").GetProperty("result")[0].GetProperty("metric").GetProperty("job").GetString());
        Assert.Equal("623", Value(after));
    }

    [Fact]
    public async Task Scrape_SeriesRemoved_WritesStaleMarkerSoInstantQueriesForgetIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-02T07:55:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var fleet = await MetricsFleet.StartAsync(new FleetMetricsOptions { ScrapeInterval = TimeSpan.FromSeconds(15) }, time);
        var replica = LabelSet.Of(("cluster", "prod-eu-west"), ("namespace", "payments"), ("pod", "payment-db-2"));
        fleet.Registry.Set("kube_pod_status_ready", replica, 1);
        time.Advance(TimeSpan.FromSeconds(15));
        fleet.Registry.Remove("kube_pod_status_ready", replica);
        time.Advance(TimeSpan.FromSeconds(15));
        var t = time.GetUtcNow().ToUnixTimeSeconds();

        var (_, now) = await fleet.ThanosAsync($"query?query=kube_pod_status_ready&time={t}", ct);
        var (_, earlier) = await fleet.ThanosAsync($"query?query=kube_pod_status_ready&time={t - 10}", ct);

        Assert.Equal(0, now.GetProperty("data").GetProperty("result").GetArrayLength());
        Assert.Equal("1", Value(earlier));
    }

    private static string? Value(JsonElement envelope) => envelope.GetProperty("data").GetProperty("result")[0].GetProperty("value")[1].GetString();
}
