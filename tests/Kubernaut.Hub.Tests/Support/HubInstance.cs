using System.Net.Http.Json;
using System.Text.Json;
using Kubernaut.Hub.Hosting;
using Microsoft.Extensions.Logging;

namespace Kubernaut.Hub.Tests.Support;

/// <summary>A hub running in the test process on a free loopback port, against the test's fleet, with fast timings.</summary>
public sealed class HubInstance : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private HubInstance(WebApplication app, string auditPath)
    {
        _app = app;
        AuditPath = auditPath;
        Http = new HttpClient { BaseAddress = HubHost.BaseAddress(app), Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Http { get; }

    public string AuditPath { get; }

    internal IServiceProvider Services => _app.Services;

    /// <summary>Fast lease and polling timings, a private SQLite audit file (unless given), then <paramref name="extra"/> args.</summary>
    public static Task<HubInstance> StartAsync(FleetFixture fleet, string? auditPath = null, params string[] extra) =>
        StartAsync(fleet.KubeconfigPath, auditPath, null, extra);

    /// <summary>The command line of a test hub (in-process here, or as a <see cref="HubProcess"/>): fast leases and polls, no realm.</summary>
    public static string[] Arguments(string kubeconfigPath, string auditPath, params string[] extra) =>
    [
        "--port", "0", "--kubeconfig", kubeconfigPath, "--context", "hub",
        "--Audit:ConnectionString", $"Data Source={auditPath}",
        "--LeaderElection:LeaseDuration", "00:00:03", "--LeaderElection:RenewDeadline", "00:00:02", "--LeaderElection:RetryPeriod", "00:00:00.250",
        "--Lifecycle:PollInterval", "00:00:00.200", "--Events:PollInterval", "00:00:00.200",
        "--Fleet:InventoryCacheTtl", "00:00:00",
        // Tests of the lifecycle post without tokens and use the scripted investigation; identity and
        // investigation tests pass their own values after these (the last value of a key wins).
        "--Identity:RequireAuthentication", "false", "--Investigation:Mode", "Scripted",
        .. extra,
    ];

    /// <summary>A hub against any fleet's kubeconfig; <paramref name="configure"/> may replace services (a clock, say).</summary>
    public static async Task<HubInstance> StartAsync(string kubeconfigPath, string? auditPath, Action<WebApplicationBuilder>? configure, params string[] extra)
    {
        auditPath ??= Path.Combine(Path.GetTempPath(), $"hub-audit-{Guid.NewGuid():N}.db");
        var args = Arguments(kubeconfigPath, auditPath, extra);
        var app = HubHost.Build(args, b =>
        {
            b.Logging.SetMinimumLevel(LogLevel.Warning);
            configure?.Invoke(b);
        });
        await app.StartAsync();
        var hub = new HubInstance(app, auditPath);
        await Eventually.TrueAsync(async () => (await hub.Http.GetAsync("/readyz")).IsSuccessStatusCode, "hub never became ready");
        return hub;
    }

    internal T Service<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    public async Task<JsonElement> GetRemediationAsync(string id) =>
        await Http.GetFromJsonAsync<JsonElement>($"/api/v1/remediations/{id}");

    /// <summary>Polls until the request reaches <paramref name="phase"/> (30 s), failing with its last state.</summary>
    public async Task<JsonElement> WaitForPhaseAsync(string id, string phase)
    {
        JsonElement rr = default;
        await Eventually.TrueAsync(async () =>
        {
            rr = await GetRemediationAsync(id);
            return rr.GetProperty("phase").GetString() == phase;
        }, () => $"{id} never reached {phase}; last: {rr}");
        return rr;
    }

    /// <summary>Posts one firing alert on a pod and returns the request it counted on.</summary>
    public async Task<string> AlertAsync(string cluster, string ns, string pod, string alertname = "KubePodCrashLooping")
    {
        var response = await AlertPayloads.PostAsync(Http, AlertPayloads.Message("firing", AlertPayloads.PodAlert(cluster, ns, pod, alertname)));
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"alert refused: {receipt}");
        return receipt.GetProperty("remediations")[0].GetProperty("id").GetString()!;
    }

    public Task<HttpResponseMessage> DecideAsync(string id, string decision, string reason = "checked by a test") =>
        Http.PostAsJsonAsync($"/api/v1/remediations/{id}/decision", new { decision, reason });

    public async ValueTask DisposeAsync()
    {
        // A test that restarts its hub disposes it, and so does the fixture that started it.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
