using System.Net.Http.Json;
using System.Text.Json;
using Kubernaut.Hub.Hosting;
using Kubernaut.KindFleet.Fleet;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kubernaut.Bench.Measurement;

/// <summary>The simulated fleet and a hub against it on loopback (real Kestrel, SQLite audit in a temp file, no identity realm: reads and intake open), ready to take signals.</summary>
internal sealed class BenchHub : IAsyncDisposable
{
    public const string ReceiverToken = "bench-receiver-token";

    private readonly WebApplication _fleet;
    private readonly WebApplication _hub;
    private readonly string _kubeconfig;

    private BenchHub(WebApplication fleet, WebApplication hub, string kubeconfig)
    {
        _fleet = fleet;
        _hub = hub;
        _kubeconfig = kubeconfig;
        Http = new HttpClient { BaseAddress = HubHost.BaseAddress(hub), Timeout = TimeSpan.FromMinutes(5) };
        Http.DefaultRequestHeaders.Authorization = new("Bearer", ReceiverToken);
    }

    public HttpClient Http { get; }

    public IServiceProvider Services => _hub.Services;

    public static async Task<BenchHub> StartAsync(string[] hubArgs, CancellationToken ct)
    {
        var fleetApp = FleetHost.Build(new FleetHostOptions { Port = 0 });
        await fleetApp.StartAsync(ct);
        var fleet = fleetApp.Services.GetRequiredService<SimulatedFleet>();
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"bench-hub-{Guid.NewGuid():N}.kubeconfig");
        Kubeconfig.Write(kubeconfig, Kubeconfig.Render(FleetHost.SecureAddress(fleetApp), fleetApp.Services.GetRequiredService<FleetCertificate>().AuthorityPem,
            fleet.Clusters.Select(c => c.Name), fleet.AdminToken));
        var hubApp = HubHost.Build(
            ["--port", "0", "--kubeconfig", kubeconfig, "--context", "hub",
             "--Identity:RequireAuthentication", "false", "--Signals:Alertmanager:BearerToken", ReceiverToken,
             "--Audit:ConnectionString", $"Data Source={Path.Combine(Path.GetTempPath(), $"bench-audit-{Guid.NewGuid():N}.db")}",
             .. hubArgs],
            b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await hubApp.StartAsync(ct);
        var bench = new BenchHub(fleetApp, hubApp, kubeconfig);
        await bench.WaitUntilReadyAsync(ct);
        return bench;
    }

    /// <summary>Opens a RemediationRequest for checkout-service in prod-us-east (a workload the fleet seeds) and returns its id.</summary>
    public async Task<string> OpenRemediationAsync(CancellationToken ct)
    {
        var labels = new Dictionary<string, string>
        {
            ["alertname"] = "ContainerMemoryNearLimit",
            ["cluster"] = "prod-us-east",
            ["namespace"] = "prod",
            ["deployment"] = "checkout-service",
            ["severity"] = "critical",
        };
        using var response = await Http.PostAsJsonAsync("api/v1/signals/alertmanager", new
        {
            version = "4",
            groupKey = "{}",
            truncatedAlerts = 0,
            status = "firing",
            receiver = "kubernaut-hub",
            groupLabels = labels,
            commonLabels = labels,
            commonAnnotations = new { },
            externalURL = "http://alertmanager",
            alerts = new[] { new { status = "firing", labels, annotations = new { summary = "memory near limit" }, startsAt = DateTimeOffset.UtcNow, endsAt = "0001-01-01T00:00:00Z", generatorURL = "http://prometheus", fingerprint = "0123456789abcdef" } },
        }, ct);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        response.EnsureSuccessStatusCode();
        return receipt.GetProperty("remediations")[0].GetProperty("id").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        // Stopped before disposed: the hub hands its Lease back while its Kubernetes client still works.
        await _hub.StopAsync();
        await _hub.DisposeAsync();
        await _fleet.StopAsync();
        await _fleet.DisposeAsync();
        File.Delete(_kubeconfig);
    }

    private async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            using var ready = await Http.GetAsync("readyz", ct);
            if (ready.IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(100, ct);
        }

        throw new TimeoutException("the hub did not become ready within a minute");
    }
}
