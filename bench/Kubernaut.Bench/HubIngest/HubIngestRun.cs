using System.Net;
using System.Text;
using System.Text.Json;
using Kubernaut.Bench.Measurement;
using Kubernaut.Hub.Hosting;
using Kubernaut.KindFleet.Fleet;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kubernaut.Bench.HubIngest;

/// <summary>
/// Starts the simulated fleet and a hub against it (real Kestrel, loopback), then measures, in the same process and run:
/// a bare Kestrel endpoint that reads and parses the same JSON body (the ceiling), and the hub's Alertmanager receiver
/// fed grouped webhooks whose alerts all name one workload, so every alert after the first is deduplicated onto one RR.
/// </summary>
internal static class HubIngestRun
{
    private const string ReceiverToken = "bench-receiver-token";

    public static async Task<ResultTable> RunAsync(HubIngestOptions o, TextWriter progress, CancellationToken ct)
    {
        await using var fleetApp = FleetHost.Build(new FleetHostOptions { Port = 0 });
        await fleetApp.StartAsync(ct);
        var fleet = fleetApp.Services.GetRequiredService<SimulatedFleet>();
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"bench-hub-{Guid.NewGuid():N}.kubeconfig");
        Kubeconfig.Write(kubeconfig, Kubeconfig.Render(FleetHost.SecureAddress(fleetApp), fleetApp.Services.GetRequiredService<FleetCertificate>().AuthorityPem,
            fleet.Clusters.Select(c => c.Name), fleet.AdminToken));
        try
        {
            var body = WebhookBody(o.AlertsPerMessage);

            await using var hubApp = HubHost.Build(
                ["--port", "0", "--kubeconfig", kubeconfig, "--context", "hub",
                 "--Signals:Alertmanager:BearerToken", ReceiverToken,
                 // The receiver has its own credential; the REST fronts (unused here) need no realm. The scripted
                 // stages keep the lifecycle from reaching out to spokes, so the figure is the intake's.
                 "--Identity:RequireAuthentication", "false", "--Investigation:Mode", "Scripted",
                 "--Audit:ConnectionString", $"Data Source={Path.Combine(Path.GetTempPath(), $"bench-audit-{Guid.NewGuid():N}.db")}"],
                b => b.Logging.SetMinimumLevel(LogLevel.Warning));
            await hubApp.StartAsync(ct);
            using var http = new HttpClient { BaseAddress = HubHost.BaseAddress(hubApp) };
            http.DefaultRequestHeaders.Authorization = new("Bearer", ReceiverToken);
            await WaitUntilReadyAsync(http, ct);
            using (var warmUp = await http.PostAsync("api/v1/signals/alertmanager", Json(body), ct))
            {
                progress.WriteLine($"hub-ingest: warm-up webhook answered {(int)warmUp.StatusCode}");
            }

            // The bare endpoint is measured right before and right after the hub (each after a warm-up), so drift in
            // what else the machine runs shows up as a difference between the two instead of skewing the ratio.
            await using var bareApp = await StartBareAsync(ct);
            using var bareHttp = new HttpClient { BaseAddress = new Uri(bareApp.Urls.First()) };
            var warmUpPhase = TimeSpan.FromSeconds(Math.Min(2, o.Duration.TotalSeconds));
            await LoadGenerator.RunAsync(bareHttp, "ingest", () => Json(body), warmUpPhase, o.Concurrency, ct);
            var bareBefore = await LoadGenerator.RunAsync(bareHttp, "ingest", () => Json(body), o.Duration, o.Concurrency, ct);
            progress.WriteLine($"hub-ingest: bare Kestrel {bareBefore.PerSecond:0} requests/s");
            await LoadGenerator.RunAsync(http, "api/v1/signals/alertmanager", () => Json(body), warmUpPhase, o.Concurrency, ct);
            var warmUpAlerts = await AcceptedAlertsAsync(http, ct);
            var hub = await LoadGenerator.RunAsync(http, "api/v1/signals/alertmanager", () => Json(body), o.Duration, o.Concurrency, ct);
            var bareAfter = await LoadGenerator.RunAsync(bareHttp, "ingest", () => Json(body), o.Duration, o.Concurrency, ct);
            var bare = (bareBefore.PerSecond + bareAfter.PerSecond) / 2;
            var sent = warmUpAlerts + ((hub.Requests - hub.Failures) * o.AlertsPerMessage);
            var rrs = await CountedAsync(http, sent, ct);
            progress.WriteLine($"hub-ingest: hub {hub.PerSecond * o.AlertsPerMessage:0} alerts/s ({hub.Failures} failed requests)");

            var table = new ResultTable("hub-ingest: Alertmanager webhooks into the hub (dedup) vs a bare Kestrel endpoint");
            table.Add("bare Kestrel (same body, parse only)", $"{bare:0} requests/s (before {bareBefore.PerSecond:0}, after {bareAfter.PerSecond:0})");
            table.Add("hub webhook requests", $"{hub.PerSecond:0} requests/s ({hub.Failures} failed)");
            table.Add("hub alerts ingested with dedup", $"{hub.PerSecond * o.AlertsPerMessage:0} alerts/s ({o.AlertsPerMessage} alerts/webhook)");
            table.Add("hub requests / bare requests", $"{hub.PerSecond / bare:P0}");
            table.Add("RemediationRequests opened", rrs.GetArrayLength().ToString(System.Globalization.CultureInfo.InvariantCulture));
            table.Add("occurrences counted (alerts accepted)", $"{string.Join(", ", rrs.EnumerateArray().Select(r => r.GetProperty("occurrenceCount").GetInt64()))} ({sent})");
            table.Add("load", $"{o.Concurrency} clients × {o.Duration.TotalSeconds:0} s per phase, loopback");
            return table;
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    /// <summary>The requests once their counts (written by the hub's flusher within a second or so) add up to what was accepted, or after 15 s.</summary>
    private static async Task<JsonElement> CountedAsync(HttpClient http, long accepted, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var rrs = JsonDocument.Parse(await http.GetStringAsync("api/v1/remediations", ct)).RootElement.GetProperty("items");
            if (attempt >= 150 || rrs.EnumerateArray().Sum(r => r.GetProperty("occurrenceCount").GetInt64()) >= accepted)
            {
                return rrs;
            }

            await Task.Delay(100, ct);
        }
    }

    private static async Task WaitUntilReadyAsync(HttpClient http, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            using var ready = await http.GetAsync("readyz", ct);
            if (ready.IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(100, ct);
        }

        throw new TimeoutException("the hub did not become ready within a minute");
    }

    /// <summary>Occurrences the hub has counted so far (every request's), once its flusher has written them.</summary>
    private static async Task<long> AcceptedAlertsAsync(HttpClient http, CancellationToken ct)
    {
        long last = -1;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var rrs = JsonDocument.Parse(await http.GetStringAsync("api/v1/remediations", ct)).RootElement.GetProperty("items");
            var counted = rrs.EnumerateArray().Sum(r => r.GetProperty("occurrenceCount").GetInt64());
            if (counted == last)
            {
                return counted;
            }

            last = counted;
            await Task.Delay(1500, ct);
        }

        return last;
    }

    private static async Task<WebApplication> StartBareAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapPost("/ingest", async (HttpRequest request) =>
        {
            using var doc = await JsonDocument.ParseAsync(request.Body);
            return Results.Ok(new { alerts = doc.RootElement.GetProperty("alerts").GetArrayLength() });
        });
        await app.StartAsync(ct);
        return app;
    }

    /// <summary>A version-4 webhook whose alerts all point at checkout-service in prod-us-east (seeded by the fleet).</summary>
    private static string WebhookBody(int alerts)
    {
        var items = Enumerable.Range(0, alerts).Select(i => new
        {
            status = "firing",
            labels = new Dictionary<string, string>
            {
                ["alertname"] = "ContainerMemoryNearLimit",
                ["cluster"] = "prod-us-east",
                ["namespace"] = "prod",
                ["deployment"] = "checkout-service",
                ["replica"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["severity"] = "critical",
            },
            annotations = new Dictionary<string, string> { ["summary"] = "memory near limit" },
            startsAt = "2026-11-30T03:14:00Z",
            endsAt = "0001-01-01T00:00:00Z",
            generatorURL = "http://prometheus/graph",
            fingerprint = i.ToString("x16", System.Globalization.CultureInfo.InvariantCulture),
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
