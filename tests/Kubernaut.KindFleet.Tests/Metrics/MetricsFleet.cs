using System.Text.Json;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Metrics;

namespace Kubernaut.KindFleet.Tests.Metrics;

/// <summary>A simulated fleet on a free port with chosen metrics options, and handles on its metrics internals.</summary>
internal sealed class MetricsFleet : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MetricsFleet(WebApplication app)
    {
        _app = app;
        BaseAddress = FleetHost.BaseAddress(app);
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public FleetMetricsRegistry Registry => Services.GetRequiredService<FleetMetricsRegistry>();

    public TimeSeriesStore Store => Services.GetRequiredService<TimeSeriesStore>();

    public MetricsRecorder Recorder => Services.GetRequiredService<MetricsRecorder>();

    public static async Task<MetricsFleet> StartAsync(FleetMetricsOptions options, TimeProvider? time = null, Action<WebApplicationBuilder>? configure = null)
    {
        var app = FleetHost.Build(new FleetHostOptions { Port = 0, Time = time ?? TimeProvider.System }, b =>
        {
            b.Services.AddSingleton(options);
            configure?.Invoke(b);
        });
        await app.StartAsync();
        return new MetricsFleet(app);
    }

    /// <summary>GET a Thanos API path on the fleet; the parsed envelope and the status code.</summary>
    public async Task<(int Status, JsonElement Body)> ThanosAsync(string pathAndQuery, CancellationToken ct)
    {
        using var response = await Http.GetAsync(new Uri("thanos/api/v1/" + pathAndQuery, UriKind.Relative), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        return ((int)response.StatusCode, JsonDocument.Parse(body).RootElement.Clone());
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
