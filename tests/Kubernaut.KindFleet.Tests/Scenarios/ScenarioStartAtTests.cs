using System.Globalization;
using System.Net;
using System.Text.Json;
using Kubernaut.KindFleet.Tests.Controllers;
using Kubernaut.KindFleet.Tests.Support;

namespace Kubernaut.KindFleet.Tests.Scenarios;

/// <summary>prod-us-east on a clock that reads 03:12:30 UTC today when it is made, as a demo of the seed's first story begins.</summary>
public sealed class SeedMorningFleet() : ScenarioFleet("prod-us-east", 15, new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date.Add(new TimeSpan(3, 12, 30)), TimeSpan.Zero))
{
    public DateTimeOffset Today(int hour, int minute) => new(Now.UtcDateTime.Date.AddHours(hour).AddMinutes(minute), TimeSpan.Zero);
}

/// <summary>
/// A scenario started with <c>at</c> plays its onset at that instant of the fleet clock: the seed's 03:14 reload. A
/// machine so loaded that the fleet's clock passed 03:13 while it started gets the next whole minute instead.
/// </summary>
[Collection(nameof(TimingSensitiveCollection))]
public sealed class ScenarioStartAtTests(SeedMorningFleet fleet) : IClassFixture<SeedMorningFleet>
{
    private const double MiB = 1024 * 1024;

    /// <summary>How late a timer on the fleet clock may fire on a loaded machine (a second of wall time at 15×).</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task StartAt_OomAfterConfigChange_OnsetAndFirstKillAtRequestedTime()
    {
        var (past, error) = await fleet.PostScenarioAsync("oom-after-config-change", fleet.Today(3, 0));
        Assert.Equal(HttpStatusCode.BadRequest, past);
        Assert.Contains("in the past", error.GetProperty("error").GetString(), StringComparison.Ordinal);

        var soonest = fleet.Now.AddMinutes(1);
        var onset = fleet.Today(3, 14) is var seed && seed >= soonest ? seed : new DateTimeOffset(soonest.Ticks - (soonest.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddMinutes(1);
        var id = await fleet.StartAsync("oom-after-config-change", onset);
        var pending = await fleet.RunAsync(id);
        Assert.Equal("starting", pending.GetProperty("state").GetString());
        Assert.Equal(onset, pending.GetProperty("startedAt").GetDateTimeOffset());
        Assert.Equal(0, pending.GetProperty("timeline").GetArrayLength());
        Assert.Contains("eviction: lru", await fleet.KubectlAsync("get", "configmap", "checkout-config", "-n", "prod", "-o", "jsonpath={.data.config\\.yaml}"));

        await fleet.WaitStateAsync(id, "active", 90);
        var run = await fleet.RunAsync(id);
        Assert.Equal(onset, run.GetProperty("timeline")[0].GetProperty("at").GetDateTimeOffset());
        var firstKill = (await Eventually.ValueAsync(FirstOomKillAsync, k => k is not null, "the first OOM kill"))!.Value;
        Assert.InRange(firstKill, onset, onset + Slack);
        var revision = JsonDocument.Parse(await fleet.KubectlAsync("get", "controllerrevision", "checkout-config-v43", "-n", "prod", "-o", "json")).RootElement;
        Assert.InRange(revision.GetProperty("metadata").GetProperty("creationTimestamp").GetDateTimeOffset(), onset, onset + Slack);
        Assert.Contains("eviction: disabled", revision.GetProperty("data").GetProperty("data").GetProperty("config.yaml").GetString(), StringComparison.Ordinal);
        await Eventually.ValueAsync(() => Task.FromResult(fleet.Now), t => t >= firstKill.AddSeconds(30), "the reload to be recorded");
        var atReload = await fleet.QueryAsync("max(max_over_time(container_memory_working_set_bytes{cluster=\"prod-us-east\",container=\"checkout-service\"}[20s]))", firstKill.AddSeconds(10));
        Assert.Equal(623, Math.Round(atReload!.Value / MiB));
        var before = await fleet.QueryAsync("max(max_over_time(container_memory_working_set_bytes{cluster=\"prod-us-east\",container=\"checkout-service\"}[30s]))", onset);
        Assert.True(before < 512 * MiB, $"{before / MiB} MiB before the onset");
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
