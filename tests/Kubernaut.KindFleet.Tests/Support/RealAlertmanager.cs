using System.Net.Http.Json;

namespace Kubernaut.KindFleet.Tests.Support;

/// <summary>Debian's Alertmanager on a free loopback port, clustering off, state in a temp directory.</summary>
public sealed class RealAlertmanager : IAsyncDisposable
{
    private readonly LoopbackProcess _process;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private RealAlertmanager(LoopbackProcess process) => _process = process;

    public Uri Address => _process.Address;

    public string Output => _process.Output;

    /// <summary>Starts Alertmanager with <paramref name="config"/> as alertmanager.yml and the given external URL.</summary>
    public static async Task<RealAlertmanager> StartAsync(string config, string? externalUrl = null, CancellationToken ct = default)
    {
        var dir = Directory.CreateTempSubdirectory("kind-fleet-alertmanager-").FullName;
        await File.WriteAllTextAsync(Path.Combine(dir, "alertmanager.yml"), config, ct);
        var process = await LoopbackProcess.StartAsync("prometheus-alertmanager", dir, port =>
        [
            "--config.file=" + Path.Combine(dir, "alertmanager.yml"),
            "--storage.path=" + Path.Combine(dir, "data"),
            $"--web.listen-address=127.0.0.1:{port}",
            "--web.external-url=" + (externalUrl ?? $"http://127.0.0.1:{port}"),
            // Its default (0.0.0.0:9094) would need a free fixed port; no peers are wanted here.
            "--cluster.listen-address=",
            "--log.level=warn",
        ], ct);
        return new RealAlertmanager(process);
    }

    public async Task PostAlertsAsync(object alerts, CancellationToken ct)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(Address, "api/v2/alerts"), alerts, ct);
        Assert.True(response.IsSuccessStatusCode, $"Alertmanager refused the alerts: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync();
    }
}
