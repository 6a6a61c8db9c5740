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
            var bare = await MeasureBareAsync(body, o, ct);
            progress.WriteLine($"hub-ingest: bare Kestrel {bare.PerSecond:0} requests/s");

            await using var hubApp = HubHost.Build(
                ["--port", "0", "--kubeconfig", kubeconfig, "--context", "hub",
                 "--Signals:Alertmanager:BearerToken", ReceiverToken,
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

            var hub = await LoadGenerator.RunAsync(http, "api/v1/signals/alertmanager", () => Json(body), o.Duration, o.Concurrency, ct);
            var rrs = JsonDocument.Parse(await http.GetStringAsync("api/v1/remediations", ct)).RootElement.GetProperty("items");
            progress.WriteLine($"hub-ingest: hub {hub.PerSecond * o.AlertsPerMessage:0} alerts/s ({hub.Failures} failed requests)");

            var table = new ResultTable("hub-ingest: Alertmanager webhooks into the hub (dedup) vs a bare Kestrel endpoint");
            table.Add("bare Kestrel (same body, parse only)", $"{bare.PerSecond:0} requests/s");
            table.Add("hub webhook requests", $"{hub.PerSecond:0} requests/s ({hub.Failures} failed)");
            table.Add("hub alerts ingested with dedup", $"{hub.PerSecond * o.AlertsPerMessage:0} alerts/s ({o.AlertsPerMessage} alerts/webhook)");
            table.Add("hub requests / bare requests", $"{hub.PerSecond / bare.PerSecond:P0}");
            table.Add("RemediationRequests opened", rrs.GetArrayLength().ToString(System.Globalization.CultureInfo.InvariantCulture));
            table.Add("occurrences counted", string.Join(", ", rrs.EnumerateArray().Select(r => r.GetProperty("occurrenceCount").GetInt64())));
            table.Add("load", $"{o.Concurrency} clients × {o.Duration.TotalSeconds:0} s per phase, loopback");
            return table;
        }
        finally
        {
            File.Delete(kubeconfig);
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

    private static async Task<LoadGenerator.Result> MeasureBareAsync(string body, HubIngestOptions o, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var app = builder.Build();
        app.MapPost("/ingest", async (HttpRequest request) =>
        {
            using var doc = await JsonDocument.ParseAsync(request.Body);
            return Results.Ok(new { alerts = doc.RootElement.GetProperty("alerts").GetArrayLength() });
        });
        await app.StartAsync(ct);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        return await LoadGenerator.RunAsync(http, "ingest", () => Json(body), o.Duration, o.Concurrency, ct);
    }

    /// <summary>A version-4 webhook whose alerts all point at checkout-service in prod-us-east (seeded by the fleet).</summary>
    private static string WebhookBody(int alerts)
    {
        var items = Enumerable.Range(0, alerts).Select(i => new
        {
            status = "firing",
            labels = new Dictionary<string, string>
            {
                ["alertname"] = "ContainerMemoryNearLimit", ["cluster"] = "prod-us-east", ["namespace"] = "prod",
                ["deployment"] = "checkout-service", ["replica"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture), ["severity"] = "critical",
            },
            annotations = new Dictionary<string, string> { ["summary"] = "memory near limit" },
            startsAt = "2026-11-30T03:14:00Z",
            endsAt = "0001-01-01T00:00:00Z",
            generatorURL = "http://prometheus/graph",
            fingerprint = i.ToString("x16", System.Globalization.CultureInfo.InvariantCulture),
        });
        return JsonSerializer.Serialize(new
        {
            version = "4", groupKey = "{}:{alertname=\"ContainerMemoryNearLimit\"}", truncatedAlerts = 0, status = "firing", receiver = "kubernaut-hub",
            groupLabels = new { alertname = "ContainerMemoryNearLimit" }, commonLabels = new { alertname = "ContainerMemoryNearLimit" },
            commonAnnotations = new { }, externalURL = "http://alertmanager", alerts = items,
        });
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
