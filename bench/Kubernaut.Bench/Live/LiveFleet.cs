using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Kubernaut.Hub.Hosting;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.SpokeAddons;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kubernaut.Bench.Live;

/// <summary>
/// The parts a real investigation needs, on loopback, as the hub tests start them: the simulated fleet on a fast
/// clock (workloads, scenarios, Thanos stand-in, Keycloak-compatible realm, AWX stand-in), the spoke MCP addon
/// in-process on each production spoke behind cluster-proxy, and a hub (real Kestrel) that investigates with the
/// deterministic engine over Keycloak client credentials, spoke MCP and Thanos.
/// </summary>
internal sealed class LiveFleet : IAsyncDisposable
{
    public const string ReceiverToken = "bench-receiver-token";
    public static readonly string[] Spokes = ["prod-us-east", "prod-eu-west"];

    private readonly string _kubeconfig = Path.Combine(Path.GetTempPath(), $"bench-live-{Guid.NewGuid():N}.kubeconfig");
    private readonly string _audit = Path.Combine(Path.GetTempPath(), $"bench-live-audit-{Guid.NewGuid():N}.db");
    private WebApplication? _fleet;
    private InProcessSpokeAddons? _addons;
    private WebApplication? _hub;

    public WebApplication Fleet => _fleet!;

    public WebApplication Hub => _hub!;

    public Uri FleetAddress { get; private set; } = null!;

    public Uri SecureAddress { get; private set; } = null!;

    public Uri Realm => new(FleetAddress, "realms/kubernaut");

    public string KubeconfigPath => _kubeconfig;

    /// <summary>Calls to the hub as the demo operator (viewer, operator, approver).</summary>
    public HttpClient HubHttp { get; private set; } = null!;

    public HttpClient FleetHttp { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static async Task<LiveFleet> StartAsync(double speed, Action<WebApplicationBuilder>? fleetBuilder, string[] hubArgs, CancellationToken ct,
        Func<LiveFleet, string[]>? moreHubArgs = null)
    {
        var live = new LiveFleet();
        try
        {
            live._fleet = FleetHost.Build(new FleetHostOptions { Port = 0, Time = SimulationClock.Create(speed), ClusterNames = [SimulatedFleet.HubName, .. Spokes] },
                b =>
                {
                    b.Logging.SetMinimumLevel(LogLevel.Warning);
                    fleetBuilder?.Invoke(b);
                });
            await live._fleet.StartAsync(ct);
            live.FleetAddress = FleetHost.BaseAddress(live._fleet);
            live.SecureAddress = FleetHost.SecureAddress(live._fleet);
            var fleet = live._fleet.Services.GetRequiredService<SimulatedFleet>();
            Kubeconfig.Write(live._kubeconfig, Kubeconfig.Render(FleetHost.SecureAddress(live._fleet), live._fleet.Services.GetRequiredService<FleetCertificate>().AuthorityPem,
                fleet.Clusters.Select(c => c.Name), fleet.AdminToken));
            live._addons = await InProcessSpokeAddons.StartAsync(fleet, live._kubeconfig, live.Realm, Spokes, ct);
            live._hub = HubHost.Build([.. live.HubArgs(), .. hubArgs, .. moreHubArgs?.Invoke(live) ?? []], b => b.Logging.SetMinimumLevel(LogLevel.Warning));
            await live._hub.StartAsync(ct);
            live.HubHttp = new HttpClient { BaseAddress = HubHost.BaseAddress(live._hub), Timeout = TimeSpan.FromSeconds(30) };
            live.HubHttp.DefaultRequestHeaders.Authorization = new("Bearer", await live.TokenAsync("demo-operator", ct));
            await live.WaitReadyAsync(ct);
            return live;
        }
        catch
        {
            await live.DisposeAsync();
            throw;
        }
    }

    private string[] HubArgs() =>
    [
        "--port", "0", "--kubeconfig", _kubeconfig, "--context", "hub", "--namespace", "kubernaut-system",
        "--Audit:ConnectionString", $"Data Source={_audit}",
        "--Identity:Authority", Realm.AbsoluteUri,
        "--Identity:Investigation:ClientSecret", "kubernaut-investigator-secret", "--Identity:Remediation:ClientSecret", "kubernaut-remediator-secret",
        "--Investigation:Mode", "Deterministic",
        "--Investigation:SpokeMcpUrl", InProcessSpokeAddons.McpUrlTemplate(FleetAddress),
        "--Thanos:Url", new Uri(FleetAddress, "thanos/").AbsoluteUri,
        "--Signals:Alertmanager:BearerToken", ReceiverToken,
        "--LeaderElection:Enabled", "false",
    ];

    public async Task<string> TokenAsync(string clientId, CancellationToken ct)
    {
        using var response = await FleetHttp.PostAsync(new Uri(FleetAddress, "realms/kubernaut/protocol/openid-connect/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = clientId + "-secret",
        }), ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("access_token").GetString()!;
    }

    /// <summary>Starts a kind-fleet scenario and waits until it is active.</summary>
    public async Task StartScenarioAsync(string name, string cluster, CancellationToken ct)
    {
        using var response = await FleetHttp.PostAsJsonAsync(new Uri(FleetAddress, "sim/v1/scenarios"), new { name, cluster }, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"scenario {name} did not start: {body}");
        }

        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString();
        await UntilAsync(async () => JsonDocument.Parse(await FleetHttp.GetStringAsync(new Uri(FleetAddress, $"sim/v1/scenarios/{id}"), ct))
            .RootElement.GetProperty("state").GetString() == "active", TimeSpan.FromMinutes(2), $"scenario {name} never became active", ct);
    }

    /// <summary>The fleet's simulated now.</summary>
    public DateTimeOffset Now => Fleet.Services.GetRequiredService<SimulatedFleet>().Time.GetUtcNow();

    public Task PassAsync(TimeSpan simulated, CancellationToken ct)
    {
        var until = Now + simulated;
        return UntilAsync(() => Task.FromResult(Now >= until), TimeSpan.FromMinutes(10), "simulated time never passed", ct);
    }

    /// <summary>Posts a firing Alertmanager webhook (version 4) on a Deployment, a fresh fingerprint each time; returns the request id.</summary>
    public async Task<string> AlertAsync(string cluster, string ns, string deployment, CancellationToken ct)
    {
        var labels = new Dictionary<string, string>
        {
            ["alertname"] = "KubePodCrashLooping",
            ["cluster"] = cluster,
            ["namespace"] = ns,
            ["deployment"] = deployment,
            ["severity"] = "critical",
        };
        var body = new
        {
            receiver = "kubernaut-hub",
            status = "firing",
            version = "4",
            groupKey = "{}",
            truncatedAlerts = 0,
            externalURL = "http://alertmanager:9093",
            groupLabels = new Dictionary<string, string> { ["alertname"] = "KubePodCrashLooping" },
            commonLabels = labels,
            commonAnnotations = new Dictionary<string, string>(),
            alerts = new[]
            {
                new
                {
                    status = "firing", labels, annotations = new Dictionary<string, string> { ["summary"] = $"{deployment} is crash looping" },
                    startsAt = Now.ToString("O", CultureInfo.InvariantCulture), endsAt = "0001-01-01T00:00:00Z", generatorURL = "http://prometheus/graph",
                    fingerprint = Guid.NewGuid().ToString("N")[..16],
                },
            },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/signals/alertmanager") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", ReceiverToken);
        using var response = await HubHttp.SendAsync(request, ct);
        var receipt = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"the hub refused the alert ({(int)response.StatusCode}): {receipt}");
        }

        return JsonDocument.Parse(receipt).RootElement.GetProperty("remediations")[0].GetProperty("id").GetString()!;
    }

    public async Task<JsonElement> RemediationAsync(string id, CancellationToken ct) =>
        await HubHttp.GetFromJsonAsync<JsonElement>($"api/v1/remediations/{id}", ct);

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, CancellationToken ct, int pollMs = 200)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(pollMs, ct);
        }

        throw new TimeoutException(what);
    }

    private async Task WaitReadyAsync(CancellationToken ct) =>
        await UntilAsync(async () =>
        {
            using var ready = await HubHttp.GetAsync("readyz", ct);
            return ready.IsSuccessStatusCode;
        }, TimeSpan.FromMinutes(1), "the hub did not become ready within a minute", ct);

    public async ValueTask DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.StopAsync();
            await _hub.DisposeAsync();
        }

        if (_addons is not null)
        {
            await _addons.DisposeAsync();
        }

        if (_fleet is not null)
        {
            await _fleet.StopAsync();
            await _fleet.DisposeAsync();
        }

        HubHttp?.Dispose();
        FleetHttp.Dispose();
        File.Delete(_kubeconfig);
        File.Delete(_audit);
    }
}
