using Kubernaut.Hub.A2A;
using Kubernaut.Hub.Approval;
using Kubernaut.Hub.Audit;
using Kubernaut.Hub.Events;
using Kubernaut.Hub.Execution;
using Kubernaut.Hub.Fleet;
using Kubernaut.Hub.Identity;
using Kubernaut.Hub.Investigation;
using Kubernaut.Hub.LeaderElection;
using Kubernaut.Hub.Mcp;
using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Remediation.Lifecycle;
using Kubernaut.Hub.Remediation.Stages;
using Kubernaut.Hub.Selection;
using Kubernaut.Hub.Sessions;
using Kubernaut.Hub.Signals;
using Kubernaut.Hub.TrustLadder;
using Kubernaut.Hub.Verification;
using Kubernaut.Hub.Workflows;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Kubernaut.Hub.Hosting;

/// <summary>
/// The hub as a composable part of any ASP.NET Core host: its services and its endpoints. The hub's own program and
/// the kind-fleet demo (which serves the fleet and the hub on one port) both compose it this way.
/// </summary>
public static class KubernautHubExtensions
{
    /// <summary>
    /// Adds the hub's configuration sources (<c>KUBERNAUT_*</c> environment, <paramref name="args"/>) and services. A
    /// <see cref="TimeProvider"/> already registered by the host is kept (the demo shares the fleet's clock).
    /// </summary>
    public static WebApplicationBuilder AddKubernautHub(this WebApplicationBuilder builder, string[] args)
    {
        builder.Configuration.AddEnvironmentVariables(CommandLine.EnvironmentPrefix);
        builder.Configuration.AddCommandLine(args, CommandLine.Switches.ToDictionary());
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddOptions<HubOptions>().Bind(configuration.GetSection(HubOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HubOptions>, HubOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<HubReadiness>();
        services.AddSingleton<HubMetrics>();
        services.AddProblemDetails();
        services.AddHubKubernetes();
        services.AddHubIdentity(configuration);
        services.AddAudit(configuration);
        services.AddFleet(configuration);
        services.AddTrustLadder(configuration);
        services.AddRemediation(configuration);
        services.AddInvestigation(configuration);
        services.AddWorkflows(configuration);
        services.AddSelection(configuration);
        services.AddApproval(configuration);
        services.AddExecution(configuration);
        services.AddVerification(configuration);
        services.AddSignals(configuration);
        services.AddEvents(configuration);
        services.AddSessions();
        services.AddMcpGateway();
        services.AddLeaderElection(configuration);
        services.AddA2A(configuration);
        return builder;
    }

    /// <summary>Validates every configuration section (throws <see cref="OptionsValidationException"/> listing all mistakes) and maps the hub's endpoints.</summary>
    public static WebApplication MapKubernautHub(this WebApplication app)
    {
        OptionsCheck.ValidateAll(app.Services);
        // http_requests_received_total, http_request_duration_seconds and http_requests_in_progress, by endpoint.
        app.UseHttpMetrics(o => o.SetMetricFactory(app.Services.GetRequiredService<HubMetrics>().Factory));
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHubHealth();
        var metricsPath = app.Configuration["Hub:MetricsPath"] is { Length: > 0 } path ? path : "/metrics";
        app.MapMetrics(metricsPath, app.Services.GetRequiredService<HubMetrics>().Registry);
        app.MapSignals();
        app.MapRemediation();
        app.MapRemediationEvents();
        app.MapA2A();
        app.MapMcpGateway();
        return app;
    }

    /// <summary>The remediation stages that are answered by the scripted stand-ins (none in a complete hub).</summary>
    public static IReadOnlyList<string> ScriptedStages(IServiceProvider services)
    {
        var set = services.GetRequiredService<StageSet>();
        var missing = new List<string>();
        if (set.Investigation is ScriptedStages)
        {
            missing.Add("investigation");
        }

        if (set.Proposal is ScriptedStages)
        {
            missing.Add("proposal");
        }

        if (set.Approval is ScriptedStages)
        {
            missing.Add("approval");
        }

        if (set.Execution is ScriptedStages)
        {
            missing.Add("execution");
        }

        if (set.Verification is ScriptedStages)
        {
            missing.Add("verification");
        }

        return missing;
    }
}
