using System.Globalization;
using System.Text.Json;

namespace Kubernaut.KindFleet.Tests.Support;

/// <summary>Debian's Prometheus on a free loopback port, with a config (and rule files) written to a temp directory.</summary>
public sealed class RealPrometheus : IAsyncDisposable
{
    private readonly LoopbackProcess _process;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private RealPrometheus(LoopbackProcess process) => _process = process;

    public Uri Address => _process.Address;

    public string Output => _process.Output;

    /// <summary>
    /// Starts Prometheus with <paramref name="config"/> as prometheus.yml; <paramref name="files"/> are written beside it
    /// (rule files). <c>--rules.alert.resend-delay=1s</c> keeps alert delivery fast (environment.md §1).
    /// </summary>
    public static async Task<RealPrometheus> StartAsync(string config, IReadOnlyDictionary<string, string>? files = null, CancellationToken ct = default)
    {
        var dir = Directory.CreateTempSubdirectory("kind-fleet-prometheus-").FullName;
        await File.WriteAllTextAsync(Path.Combine(dir, "prometheus.yml"), config, ct);
        foreach (var (name, content) in files ?? new Dictionary<string, string>())
        {
            await File.WriteAllTextAsync(Path.Combine(dir, name), content, ct);
        }

        var process = await LoopbackProcess.StartAsync("prometheus", dir, port =>
        [
            "--config.file=" + Path.Combine(dir, "prometheus.yml"),
            "--storage.tsdb.path=" + Path.Combine(dir, "data"),
            $"--web.listen-address=127.0.0.1:{port}",
            $"--web.external-url=http://127.0.0.1:{port}/",
            "--rules.alert.resend-delay=1s",
            "--log.level=warn",
        ], ct);
        return new RealPrometheus(process);
    }

    /// <summary>
    /// Prometheus scraping the simulated fleet's <c>/metrics</c> every second, evaluating <paramref name="rules"/> every
    /// second and sending what fires to <paramref name="alertmanager"/>: the alert chain every real-chain test stands on.
    /// </summary>
    public static Task<RealPrometheus> ScrapingFleetAsync(Uri fleet, RealAlertmanager alertmanager, string rules, CancellationToken ct) =>
        StartAsync($"""
            global:
              scrape_interval: 1s
              scrape_timeout: 900ms
              evaluation_interval: 1s
            rule_files: [rules.yml]
            alerting:
              alertmanagers:
                - static_configs:
                    - targets: ['127.0.0.1:{alertmanager.Address.Port}']
            scrape_configs:
              - job_name: kind-fleet
                static_configs:
                  - targets: ['127.0.0.1:{fleet.Port}']
            """, new Dictionary<string, string> { ["rules.yml"] = rules }, ct);

    /// <summary>GET /api/v1/{path} with the given parameters; the parsed JSON envelope.</summary>
    public async Task<JsonElement> ApiAsync(string path, IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken ct)
    {
        var query = string.Join("&", parameters.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
        using var response = await _http.GetAsync(new Uri(Address, $"api/v1/{path}?{query}"), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public Task<JsonElement> QueryAsync(string query, long timestampMs, CancellationToken ct) =>
        ApiAsync("query", [new("query", query), new("time", Seconds(timestampMs))], ct);

    public static string Seconds(long timestampMs) => (timestampMs / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync();
    }
}
