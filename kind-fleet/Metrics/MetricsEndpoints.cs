namespace Kubernaut.KindFleet.Metrics;

/// <summary>Registers the fleet's metrics registry, TSDB and recorder, and serves <c>GET /metrics</c>.</summary>
internal static class MetricsEndpoints
{
    public static IServiceCollection AddFleetMetrics(this IServiceCollection services)
    {
        services.AddSingleton(new FleetMetricsOptions());
        services.AddSingleton<FleetMetricsRegistry>();
        services.AddSingleton<IFleetMetrics>(sp => sp.GetRequiredService<FleetMetricsRegistry>());
        services.AddSingleton(sp => new TimeSeriesStore(sp.GetRequiredService<FleetMetricsOptions>().Retention));
        services.AddSingleton<MetricsRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<MetricsRecorder>());
        return services;
    }

    public static IEndpointRouteBuilder MapFleetMetrics(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", (FleetMetricsRegistry registry, MetricsRecorder recorder, FleetMetricsOptions options, TimeProvider time) =>
        {
            var families = options.RecordOnExposition ? recorder.Scrape(time.GetUtcNow()) : registry.Snapshot();
            return Results.Text(TextExposition.Render(families), TextExposition.ContentType);
        });
        return app;
    }
}
