using System.Globalization;
using System.Net;
using System.Text.Json;
using Kubernaut.KindFleet.Tests.Controllers;

namespace Kubernaut.KindFleet.Tests.Scenarios;

/// <summary>prod-us-east on a clock that reads 03:08 UTC today at start-up, as a demo of the seed's first story begins.</summary>
public sealed class SeedMorningFleet() : ScenarioFleet("prod-us-east", 20, new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date.AddHours(3).AddMinutes(8), TimeSpan.Zero))
{
    public DateTimeOffset Today(int hour, int minute) => new(Now.UtcDateTime.Date.AddHours(hour).AddMinutes(minute), TimeSpan.Zero);
}

/// <summary>A scenario started with <c>at</c> plays its onset at that instant of the fleet clock: the seed's 03:14 reload.</summary>
public sealed class ScenarioStartAtTests(SeedMorningFleet fleet) : IClassFixture<SeedMorningFleet>
{
    private const double MiB = 1024 * 1024;

    [Fact]
    public async Task StartAt0314_OomAfterConfigChange_ReloadAndFirstKillStampedAt0314()
    {
        var (past, error) = await fleet.PostScenarioAsync("oom-after-config-change", fleet.Today(3, 0));
        Assert.Equal(HttpStatusCode.BadRequest, past);
        Assert.Contains("in the past", error.GetProperty("error").GetString(), StringComparison.Ordinal);

        var onset = fleet.Today(3, 14);
        Assert.True(fleet.Now < onset.AddMinutes(-1), $"the fleet took until {fleet.Now:O} to start; this test needs its clock before 03:13");
        var id = await fleet.StartAsync("oom-after-config-change", onset);
        var pending = await fleet.RunAsync(id);
        Assert.Equal("starting", pending.GetProperty("state").GetString());
        Assert.Equal(onset, pending.GetProperty("startedAt").GetDateTimeOffset());
        Assert.Equal(0, pending.GetProperty("timeline").GetArrayLength());
        Assert.Contains("eviction: lru", await fleet.KubectlAsync("get", "configmap", "checkout-config", "-n", "prod", "-o", "jsonpath={.data.config\\.yaml}"));

        await fleet.WaitStateAsync(id, "active", 90);
        var run = await fleet.RunAsync(id);
        Assert.Equal(onset, run.GetProperty("timeline")[0].GetProperty("at").GetDateTimeOffset());
        var firstKill = await Eventually.ValueAsync(FirstOomKillAsync, k => k is not null, "the first OOM kill");
        Assert.InRange(firstKill!.Value, onset, onset.AddSeconds(5));
        await Eventually.ValueAsync(() => Task.FromResult(fleet.Now), t => t >= onset.AddSeconds(30), "the reload to be scraped");
        var atReload = await fleet.QueryAsync("max(max_over_time(container_memory_working_set_bytes{cluster=\"prod-us-east\",container=\"checkout-service\"}[20s]))", onset.AddSeconds(10));
        Assert.Equal(623, Math.Round(atReload!.Value / MiB));
        var before = await fleet.QueryAsync("max(container_memory_working_set_bytes{cluster=\"prod-us-east\",container=\"checkout-service\"})", onset.AddSeconds(-15));
        Assert.True(before < 512 * MiB, $"{before / MiB} MiB before 03:14");
    }

    private async Task<DateTimeOffset?> FirstOomKillAsync()
    {
        var json = await fleet.KubectlAsync("get", "events", "-n", "default", "--field-selector", "reason=OOMKilling", "-o", "json");
        var kills = JsonDocument.Parse(json).RootElement.GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("message").GetString()!.Contains("(pod prod/checkout-service-", StringComparison.Ordinal))
            .Select(e => DateTimeOffset.Parse(e.GetProperty("firstTimestamp").GetString()!, CultureInfo.InvariantCulture))
            .ToList();
        return kills.Count == 0 ? null : kills.Min();
    }
}
