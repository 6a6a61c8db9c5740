using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Kubernaut.Bench.Measurement;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kubernaut.Bench.HubIngest;

/// <summary>
/// Starts the simulated fleet and a hub against it (<see cref="BenchHub"/>), then measures, in the same process and run:
/// a bare Kestrel endpoint that reads and parses the same JSON body (the ceiling), and the hub's Alertmanager receiver
/// fed grouped webhooks whose alerts all name one workload, so every alert after the first is deduplicated onto one RR.
/// The two alternate in rounds and the medians are compared, so what else the machine does drifts into both alike.
/// </summary>
internal static class HubIngestRun
{
    private const string ReceiverPath = "api/v1/signals/alertmanager";
    private const string BarePath = "ingest";

    public static async Task<ResultTable> RunAsync(HubIngestOptions o, TextWriter progress, CancellationToken ct)
    {
        var body = WebhookBody(o.AlertsPerMessage, o.PodAlerts);
        // The scripted stages keep the lifecycle from reaching out to spokes, so the figure is the intake's.
        await using var hub = await BenchHub.StartAsync(["--Investigation:Mode", "Scripted"], ct);
        await using var bareApp = await StartBareAsync(ct);
        using var bare = new HttpClient { BaseAddress = new Uri(bareApp.Urls.First()) };

        var warmUp = TimeSpan.FromSeconds(Math.Min(2, o.Duration.TotalSeconds));
        await LoadGenerator.RunAsync(bare, BarePath, () => Json(body), warmUp, o.Concurrency, ct);
        await LoadGenerator.RunAsync(hub.Http, ReceiverPath, () => Json(body), warmUp, o.Concurrency, ct);
        var alreadyCounted = await SettledCountAsync(hub.Http, ct);

        var bareRounds = new List<LoadGenerator.Result>();
        var hubRounds = new List<LoadGenerator.Result>();
        for (var round = 1; round <= o.Rounds; round++)
        {
            bareRounds.Add(await LoadGenerator.RunAsync(bare, BarePath, () => Json(body), o.Duration, o.Concurrency, ct));
            hubRounds.Add(await LoadGenerator.RunAsync(hub.Http, ReceiverPath, () => Json(body), o.Duration, o.Concurrency, ct));
            progress.WriteLine($"hub-ingest: round {round}/{o.Rounds}: bare {bareRounds[^1].PerSecond:0} requests/s, hub {hubRounds[^1].PerSecond:0} requests/s "
                + $"({hubRounds[^1].PerSecond * o.AlertsPerMessage:0} alerts/s, {hubRounds[^1].Failures} failed)");
        }

        var accepted = alreadyCounted + (hubRounds.Sum(r => r.Requests - r.Failures) * o.AlertsPerMessage);
        var rrs = await CountedAsync(hub.Http, accepted, ct);
        var bareMedian = Median(bareRounds);
        var hubMedian = Median(hubRounds);

        var table = new ResultTable("hub-ingest: Alertmanager webhooks into the hub (dedup) vs a bare Kestrel endpoint");
        table.Add("bare Kestrel (same body, parse only)", $"{bareMedian:0} requests/s median ({Rounds(bareRounds)})");
        table.Add("hub webhook requests", $"{hubMedian:0} requests/s median ({Rounds(hubRounds)}; {hubRounds.Sum(r => r.Failures)} failed)");
        table.Add("hub alerts ingested with dedup", $"{hubMedian * o.AlertsPerMessage:0} alerts/s median ({o.AlertsPerMessage} alerts/webhook, "
            + (o.PodAlerts ? "each naming another pod of checkout-service)" : "all naming Deployment checkout-service)"));
        table.Add("hub requests / bare requests", $"{hubMedian / bareMedian:P0} (medians)");
        table.Add("RemediationRequests opened", rrs.GetArrayLength().ToString(CultureInfo.InvariantCulture));
        table.Add("occurrences counted (alerts accepted)", $"{string.Join(", ", rrs.EnumerateArray().Select(r => r.GetProperty("occurrenceCount").GetInt64()))} ({accepted})");
        table.Add("load", $"{o.Concurrency} clients, {o.Rounds} rounds × {o.Duration.TotalSeconds:0} s per endpoint, loopback");
        return table;
    }

    private static double Median(List<LoadGenerator.Result> rounds)
    {
        var sorted = rounds.Select(r => r.PerSecond).Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Rounds(List<LoadGenerator.Result> rounds) => string.Join(" / ", rounds.Select(r => r.PerSecond.ToString("0", CultureInfo.InvariantCulture)));

    /// <summary>The requests once their counts (written by the hub's flusher within a second or so) add up to what was accepted, or after 15 s.</summary>
    private static async Task<JsonElement> CountedAsync(HttpClient http, long accepted, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var rrs = await RemediationsAsync(http, ct);
            if (attempt >= 150 || Total(rrs) >= accepted)
            {
                return rrs;
            }

            await Task.Delay(100, ct);
        }
    }

    /// <summary>Occurrences the hub has counted so far, once its flusher has written them all (two reads agree).</summary>
    private static async Task<long> SettledCountAsync(HttpClient http, CancellationToken ct)
    {
        long last = -1;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var counted = Total(await RemediationsAsync(http, ct));
            if (counted == last)
            {
                return counted;
            }

            last = counted;
            await Task.Delay(1500, ct);
        }

        return last;
    }

    private static async Task<JsonElement> RemediationsAsync(HttpClient http, CancellationToken ct) =>
        JsonDocument.Parse(await http.GetStringAsync("api/v1/remediations", ct)).RootElement.GetProperty("items");

    private static long Total(JsonElement rrs) => rrs.EnumerateArray().Sum(r => r.GetProperty("occurrenceCount").GetInt64());

    private static async Task<WebApplication> StartBareAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapPost("/" + BarePath, async (HttpRequest request) =>
        {
            using var doc = await JsonDocument.ParseAsync(request.Body);
            return Results.Ok(new { alerts = doc.RootElement.GetProperty("alerts").GetArrayLength() });
        });
        await app.StartAsync(ct);
        return app;
    }

    /// <summary>
    /// A version-4 webhook whose alerts all point at checkout-service in prod-us-east (seeded by the fleet): by its
    /// Deployment, or each by a pod of it (generated names of pods gone since, which the hub still traces to the owner).
    /// </summary>
    private static string WebhookBody(int alerts, bool podAlerts)
    {
        var items = Enumerable.Range(0, alerts).Select(i => new
        {
            status = "firing",
            labels = new Dictionary<string, string>
            {
                ["alertname"] = "ContainerMemoryNearLimit",
                ["cluster"] = "prod-us-east",
                ["namespace"] = "prod",
                [podAlerts ? "pod" : "deployment"] = podAlerts ? $"checkout-service-5f7c8d9b4-{i:x5}" : "checkout-service",
                ["replica"] = i.ToString(CultureInfo.InvariantCulture),
                ["severity"] = "critical",
            },
            annotations = new Dictionary<string, string> { ["summary"] = "memory near limit" },
            startsAt = "2026-11-30T03:14:00Z",
            endsAt = "0001-01-01T00:00:00Z",
            generatorURL = "http://prometheus/graph",
            fingerprint = i.ToString("x16", CultureInfo.InvariantCulture),
        });
        return JsonSerializer.Serialize(new
        {
            version = "4",
            groupKey = "{}:{alertname=\"ContainerMemoryNearLimit\"}",
            truncatedAlerts = 0,
            status = "firing",
            receiver = "kubernaut-hub",
            groupLabels = new { alertname = "ContainerMemoryNearLimit" },
            commonLabels = new { alertname = "ContainerMemoryNearLimit" },
            commonAnnotations = new { },
            externalURL = "http://alertmanager",
            alerts = items,
        });
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
