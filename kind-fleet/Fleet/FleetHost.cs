using Kubernaut.KindFleet.Alerting;
using Kubernaut.KindFleet.ApiServer;
using Kubernaut.KindFleet.Awx;
using Kubernaut.KindFleet.ClusterProxy;
using Kubernaut.KindFleet.Controllers;
using Kubernaut.KindFleet.Identity;
using Kubernaut.KindFleet.Metrics;
using Kubernaut.KindFleet.Scenarios;
using Kubernaut.KindFleet.Simulation;
using Kubernaut.KindFleet.Thanos;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Kubernaut.KindFleet.Fleet;

/// <summary>Builds and runs the web host that serves a simulated fleet on loopback.</summary>
internal static class FleetHost
{
    public static WebApplication Build(FleetHostOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        var certificate = FleetCertificate.Create(options.Time);
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, options.Port, listen => listen.Use(TlsSniffingMiddleware.Create(certificate))));
        builder.Services.AddSingleton(certificate);
        builder.Logging.SetMinimumLevel(options.Verbose ? LogLevel.Debug : LogLevel.Warning);
        builder.Logging.AddFilter("Kubernaut", options.Verbose ? LogLevel.Debug : LogLevel.Information);
        builder.Services.AddSingleton(options.Time);
        builder.Services.AddSingleton(sp => FleetBootstrap.Create(options.Time, options.ClusterNames, options.AdminToken, options.WatchHistory));
        builder.Services.AddSingleton<KubeApiHandler>();
        builder.Services.AddFleetControllers(options.RunControllers);
        builder.Services.AddAwxStandIn(builder.Configuration);
        builder.Services.AddKeycloakIssuer();
        builder.Services.AddFleetMetrics();
        builder.Services.AddThanosQueryApi();
        builder.Services.AddFleetAlerting();
        builder.Services.AddWorkloadSimulation();
        builder.Services.AddFleetScenarios();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseKeycloakIssuer();
        app.MapClusterApis();
        app.MapClusterProxy();
        app.MapAwxStandIn();
        app.MapFleetMetrics();
        app.MapThanosQueryApi();
        app.MapFleetAlerting();
        app.MapFleetScenarios();
        return app;
    }

    /// <summary>The HTTPS address of the fleet's APIs, after start (resolves port 0).</summary>
    public static Uri SecureAddress(WebApplication app) => new UriBuilder(BaseAddress(app)) { Scheme = "https" }.Uri;

    /// <summary>The address Kestrel bound, after start (resolves port 0).</summary>
    public static Uri BaseAddress(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
    }
}

internal sealed record FleetHostOptions
{
    public int Port { get; init; }

    public bool Verbose { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public IReadOnlyList<string> ClusterNames { get; init; } = FleetBootstrap.DefaultClusters;

    public string? AdminToken { get; init; }

    public int WatchHistory { get; init; } = 2048;

    /// <summary>Whether the simulated control plane runs; without it the fleet is a bare apiserver.</summary>
    public bool RunControllers { get; init; } = true;
}
