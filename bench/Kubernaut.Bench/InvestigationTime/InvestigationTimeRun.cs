using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Kubernaut.Bench.Live;
using Kubernaut.Bench.Measurement;
using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Remediation.Lifecycle;
using Microsoft.Extensions.DependencyInjection;

namespace Kubernaut.Bench.InvestigationTime;

/// <summary>
/// Breaks the fleet as the two seed stories do, lets each incident reach the hub the way it does in the seed (story 1
/// as an Alertmanager alert, story 2 in an operator's words) and waits for the hub's own investigation (the cold run,
/// timed from the POST). Then runs the hub's Investigating stage again and again on copies of each request — the
/// same code the lifecycle calls: connect to the spoke addon with the cached investigation token, context providers,
/// the deterministic engine over spoke MCP tools and Thanos, the transcript into the audit trail — timing each run
/// and checking each concludes what the cold run concluded.
/// </summary>
internal static class InvestigationTimeRun
{
    private sealed record Story(string Scenario, string Cluster, string Expected);

    public static async Task<ResultTable> RunAsync(int runs, double speed, TextWriter progress, CancellationToken ct)
    {
        await using var live = await LiveFleet.StartAsync(speed, null, [], ct);
        progress.WriteLine($"investigation-time: fleet at {live.FleetAddress}, hub at {live.HubHttp.BaseAddress}, clock ×{speed}");
        var oom = new Story("oom-after-config-change", "prod-us-east", "config-change");
        var drain = new Story("db-replicas-lost-after-drain", "prod-eu-west", "replicas-lost");
        await live.StartScenarioAsync(oom.Scenario, oom.Cluster, ct);
        await live.StartScenarioAsync(drain.Scenario, drain.Cluster, ct);
        // The OOM kills and the latency need simulated time to build up the evidence the seed talks about.
        progress.WriteLine("investigation-time: scenarios active; letting 35 simulated minutes pass");
        await live.PassAsync(TimeSpan.FromMinutes(35), ct);

        var table = new ResultTable($"investigation-time: seed-story investigations on the simulated fleet (clock ×{speed})");
        var stage = live.Hub.Services.GetRequiredService<IInvestigationStage>();
        var store = live.Hub.Services.GetRequiredService<RemediationStore>();
        foreach (var (story, open) in new (Story, Func<Task<string>>)[]
        {
            (oom, () => live.AlertAsync("prod-us-east", "prod", "checkout-service", ct)),
            (drain, () => WordsAsync(live, ct)),
        })
        {
            var cold = Stopwatch.StartNew();
            var id = await open();
            JsonElement investigation = default;
            await LiveFleet.UntilAsync(async () =>
                (await live.RemediationAsync(id, ct)).TryGetProperty("investigation", out investigation) && investigation.ValueKind == JsonValueKind.Object,
                TimeSpan.FromMinutes(3), $"{id} was never investigated", ct, pollMs: 20);
            cold.Stop();
            var coldCategory = investigation.GetProperty("categories").EnumerateArray().Select(c => c.GetString()).FirstOrDefault();
            progress.WriteLine($"investigation-time: {story.Scenario}: {id} investigated in {cold.ElapsedMilliseconds} ms (cold, alert to status): {investigation.GetProperty("rootCause")}");

            var original = await store.GetAsync(id, ct) ?? throw new InvalidOperationException($"{id} is not in the store");
            var samples = new List<TimeSpan>();
            var concluded = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < runs; i++)
            {
                var copy = JsonSerializer.Deserialize<RemediationRequest>(JsonSerializer.Serialize(original, RemediationStore.Json), RemediationStore.Json)!;
                copy.Metadata.Name = $"{id}-bench-{i:D3}";
                var clock = Stopwatch.StartNew();
                var result = await stage.InvestigateAsync(new StageContext(copy, $"{copy.Metadata.Name}/investigate"), ct);
                clock.Stop();
                var category = result.IsCompleted ? result.Value!.Categories?.FirstOrDefault() ?? "(none)" : $"not completed: {result.Failure ?? "in progress"}";
                concluded[category] = concluded.GetValueOrDefault(category) + 1;
                samples.Add(clock.Elapsed);
            }

            var times = new Percentiles(samples);
            progress.WriteLine($"investigation-time: {story.Scenario}: {times.Summary}");
            table.Add($"{story.Scenario}: cold (alert → investigation in RR status)", $"{cold.ElapsedMilliseconds:0} ms, concluded {coldCategory}");
            table.Add($"{story.Scenario}: investigation", times.Summary);
            table.Add($"{story.Scenario}: mean / max", $"{Percentiles.Ms(TimeSpan.FromTicks((long)samples.Average(s => s.Ticks)))} / {Percentiles.Ms(samples.Max())}");
            table.Add($"{story.Scenario}: conclusions (expected {story.Expected})", string.Join(", ", concluded.Select(c => $"{c.Key} ×{c.Value}")));
        }

        table.Add("target (issue 5)", "p50 < 1 s");
        return table;
    }

    private static async Task<string> WordsAsync(LiveFleet live, CancellationToken ct)
    {
        using var response = await live.HubHttp.PostAsJsonAsync("api/v1/signals", new
        {
            text = "The payment processing in prod-eu-west feels sluggish since this morning. Customers are complaining about timeouts at checkout.",
        }, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"the hub refused the signal ({(int)response.StatusCode}): {body}");
        }

        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }
}
