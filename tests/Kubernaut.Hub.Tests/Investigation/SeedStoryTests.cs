using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using k8s;
using Kubernaut.Hub.Tests.Support;

namespace Kubernaut.Hub.Tests.Investigation;

/// <summary>
/// The prod-us-east investigations (one fleet for the class). Seed story 1 from the alert to the root cause: the hub investigates checkout-service through the spoke's MCP
/// addon and Thanos, and its transcript carries the seed's facts as read from the fleet (checked against the
/// test's own reading of the same APIs, so nothing in the engine can know them in advance).
/// </summary>
public sealed partial class ProdUsEastInvestigationTests(ProdUsEastInvestigation fleet) : IClassFixture<ProdUsEastInvestigation>
{
    private const double MiB = 1024 * 1024;

    [Fact]
    public async Task Investigate_OomAfterConfigChange_ConfigChangeWithSeedFacts()
    {
        // Let the shop run long enough for a baseline, then break it just before 03:14 as in the story.
        await fleet.PassAsync(TimeSpan.FromMinutes(5));
        var reloadAround = fleet.Now.Date + new TimeSpan(3, 13, 55);
        if (fleet.Now < reloadAround)
        {
            await fleet.PassAsync(reloadAround - fleet.Now);
        }

        var scenario = await fleet.StartScenarioAsync("oom-after-config-change");
        await fleet.WaitScenarioActiveAsync(scenario);
        var first = (await Eventually2.ValueAsync(() => OomKillsAsync(), k => k.Count > 0, "the first OOM kill")).Min();
        await fleet.PassAsync(first.AddMinutes(30) - fleet.Now + TimeSpan.FromSeconds(5));

        // The alert fired just before the 30-minute mark; the investigation reads the 30 minutes up to it.
        var firing = first.AddMinutes(29).AddSeconds(50);
        var kills = (await OomKillsAsync()).Count(k => k > firing.AddMinutes(-30) && k <= firing);
        var id = await fleet.AlertAsync(fleet.Hub, "KubePodCrashLooping", "prod", "deployment", "checkout-service", firing);
        var investigation = await InvestigationFleet.InvestigatedAsync(fleet.Hub, id);
        var narrative = InvestigationFleet.Narrative(await InvestigationFleet.TranscriptAsync(fleet.Hub, id));

        Assert.Equal(14, kills);
        var peak = await fleet.QueryAsync($"max(max_over_time(container_memory_working_set_bytes{{cluster=\"prod-us-east\",namespace=\"prod\",container=\"checkout-service\"}}[40m]))");
        Assert.Equal(623, Math.Round(peak!.Value / MiB));
        Assert.Contains($"I see {kills} OOMKilled events", narrative);
        Assert.Contains("The memory limit is set to 512Mi.", narrative);
        Assert.Contains("usage jumped to 623Mi", narrative);
        Assert.Contains("\"cache size exceeded soft limit, disabling eviction\"", narrative);
        // The revisions as the cluster numbers them (42 before the change in the seed's numbering).
        var revisions = (await fleet.Client(fleet.Cluster).AppsV1.ListNamespacedControllerRevisionAsync("prod", labelSelector: "kubernaut.ai/configmap=checkout-config",
            cancellationToken: TestContext.Current.CancellationToken)).Items.OrderBy(r => r.Revision).ToList();
        var (bad, good) = (revisions[^1], revisions[^2]);
        Assert.Contains("eviction: disabled", JsonSerializer.Serialize(bad.Data));
        Assert.Contains("eviction: lru", JsonSerializer.Serialize(good.Data));
        Assert.Contains($"ConfigMap checkout-config changed to revision {bad.Revision} at", narrative);
        Assert.Contains($"(from {good.Revision})", narrative);
        Assert.Contains("eviction: lru → eviction: disabled", narrative);
        Assert.Contains("So the root cause is the config change, not a traffic spike", narrative);

        var categories = investigation.GetProperty("categories").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Equal(["config-change", "oom-killed", "memory-limit"], categories);
        var facts = investigation.GetProperty("facts");
        Assert.Equal("checkout-config", facts.GetProperty("configmap").GetString());
        Assert.Equal($"{good.Revision}", facts.GetProperty("previousRevision").GetString());
        Assert.Equal("512Mi", facts.GetProperty("memoryLimit").GetString());
        Assert.Equal("623Mi", facts.GetProperty("peakMemory").GetString());
        Assert.Equal("checkout-service", facts.GetProperty("deployment").GetString());
        Assert.True(investigation.GetProperty("confidence").GetDouble() >= 0.8, investigation.ToString());
        Assert.False(investigation.GetProperty("inconclusive").GetBoolean());
        Assert.Contains(investigation.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("source").GetString() == "get_configmap");
    }

    private async Task<List<DateTimeOffset>> OomKillsAsync()
    {
        var events = await fleet.Client(fleet.Cluster).CoreV1.ListEventForAllNamespacesAsync(fieldSelector: "reason=OOMKilling", cancellationToken: TestContext.Current.CancellationToken);
        return [.. events.Items.Where(e => e.Message?.Contains("(pod prod/checkout-service-", StringComparison.Ordinal) == true)
            .Select(e => new DateTimeOffset(e.LastTimestamp ?? e.FirstTimestamp ?? DateTime.MinValue, TimeSpan.Zero))];
    }
}

/// <summary>The prod-eu-west investigations. Seed story 2 from an operator's sentence to the root cause: a drained node took two of three database replicas.</summary>
public sealed partial class ProdEuWestInvestigationTests(ProdEuWestInvestigation fleet) : IClassFixture<ProdEuWestInvestigation>
{
    [Fact]
    public async Task Investigate_NaturalLanguageLatency_LostDatabaseReplicasFromDrain()
    {
        await fleet.BreakPaymentDbAsync();

        using var response = await fleet.Hub.Http.PostAsJsonAsync("/api/v1/signals", new
        {
            text = "The payment processing in prod-eu-west feels sluggish since this morning. Customers are complaining about timeouts at checkout.",
        }, TestContext.Current.CancellationToken);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, created.ToString());
        var id = created.GetProperty("id").GetString()!;
        var investigation = await InvestigationFleet.InvestigatedAsync(fleet.Hub, id);
        var narrative = InvestigationFleet.Narrative(await InvestigationFleet.TranscriptAsync(fleet.Hub, id));

        var nodes = await fleet.Client(fleet.Cluster).CoreV1.ListNodeAsync(cancellationToken: TestContext.Current.CancellationToken);
        var drained = Assert.Single(nodes.Items, n => n.Spec.Unschedulable == true).Metadata.Name;
        var cordon = (await fleet.Client(fleet.Cluster).CoreV1.ListEventForAllNamespacesAsync(fieldSelector: "reason=NodeNotSchedulable", cancellationToken: TestContext.Current.CancellationToken))
            .Items.Single(e => e.InvolvedObject.Name == drained);
        var cordonedAt = new DateTimeOffset(cordon.LastTimestamp ?? cordon.FirstTimestamp!.Value, TimeSpan.Zero);

        Assert.Contains("p99 latency jumped from 120ms to 2.4s", narrative);
        Assert.Contains("definitely not gradual", narrative);
        Assert.Contains("All 5 replicas are running with no restarts, so it's not a crash loop.", narrative);
        Assert.Contains("\"connection pool exhausted, waiting for available connection\"", narrative);
        Assert.Contains("payment-db only has 1 of 3 endpoints ready", narrative);
        Assert.Contains($"Two replicas went down at {cordonedAt.UtcDateTime:HH:mm} UTC", narrative);
        Assert.Contains($"{drained} was cordoned at {cordonedAt.UtcDateTime:HH:mm} UTC", narrative);
        Assert.Contains("500/500", narrative);
        Assert.Contains("So the root cause is the lost payment-db replicas, not payment-gateway itself", narrative);

        var categories = investigation.GetProperty("categories").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Equal(["replicas-lost", "node-drain", "capacity"], categories);
        var facts = investigation.GetProperty("facts");
        Assert.Equal("payment-db", facts.GetProperty("statefulset").GetString());
        Assert.Equal("3", facts.GetProperty("desiredReplicas").GetString());
        Assert.Equal(drained, facts.GetProperty("node").GetString());
        Assert.Equal("payment-gateway", facts.GetProperty("deployment").GetString());
    }
}

/// <summary>Polling for a value (the hub tests' Eventually only polls conditions).</summary>
internal static class Eventually2
{
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, string because, int seconds = 60)
    {
        T last = default!;
        await Eventually.TrueAsync(async () => done(last = await read()), () => $"{because}; last: {last}", TimeSpan.FromSeconds(seconds));
        return last;
    }

    public static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
