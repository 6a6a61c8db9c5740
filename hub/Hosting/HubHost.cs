using System.Net;
using Kubernaut.Hub.Approval;
using Kubernaut.Hub.Audit;
using Kubernaut.Hub.Events;
using Kubernaut.Hub.Execution;
using Kubernaut.Hub.Fleet;
using Kubernaut.Hub.LeaderElection;
using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Selection;
using Kubernaut.Hub.Signals;
using Kubernaut.Hub.TrustLadder;
using Kubernaut.Hub.Verification;
using Kubernaut.Hub.Workflows;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Kubernaut.Hub.Hosting;

/// <summary>Composes the hub from its capabilities; Program and in-process tests both build it here.</summary>
internal static class HubHost
{
    /// <summary>Builds the hub; throws <see cref="OptionsValidationException"/> listing every configuration mistake.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args });
        builder.Configuration.AddEnvironmentVariables(CommandLine.EnvironmentPrefix);
        builder.Configuration.AddCommandLine(args, CommandLine.Switches.ToDictionary());
        var hub = builder.Configuration.GetSection(HubOptions.Section).Get<HubOptions>() ?? new HubOptions();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.TryParse(hub.BindAddress, out var ip) ? ip : IPAddress.Loopback, hub.Port);
            // Bodies past the hub's own limit are drained to answer 413 cleanly; past this one Kestrel cuts the connection.
            k.Limits.MaxRequestBodySize = Math.Max(hub.MaxRequestBodyBytes * 16, 1024 * 1024);
        });

        builder.Services.AddOptions<HubOptions>().Bind(builder.Configuration.GetSection(HubOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<HubOptions>, HubOptionsValidator>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<HubReadiness>();
        builder.Services.AddSingleton<HubMetrics>();
        builder.Services.AddProblemDetails();
        builder.Services.AddHubKubernetes();
        builder.Services.AddAudit(builder.Configuration);
        builder.Services.AddFleet(builder.Configuration);
        builder.Services.AddTrustLadder(builder.Configuration);
        builder.Services.AddRemediation(builder.Configuration);
        builder.Services.AddWorkflows(builder.Configuration);
        builder.Services.AddSelection(builder.Configuration);
        builder.Services.AddApproval(builder.Configuration);
        builder.Services.AddExecution(builder.Configuration);
        builder.Services.AddVerification(builder.Configuration);
        builder.Services.AddSignals(builder.Configuration);
        builder.Services.AddEvents(builder.Configuration);
        builder.Services.AddLeaderElection(builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        OptionsCheck.ValidateAll(app.Services);
        app.MapHubHealth();
        app.MapMetrics("/metrics", app.Services.GetRequiredService<HubMetrics>().Registry);
        app.MapSignals();
        app.MapRemediation();
        app.MapRemediationEvents();
        return app;
    }

    /// <summary>The address Kestrel bound, after start (resolves port 0).</summary>
    public static Uri BaseAddress(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.TrimEnd('/') + "/");
    }
}
