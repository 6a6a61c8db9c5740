using Kubernaut.Hub.Remediation.Lifecycle;
using Kubernaut.Hub.Remediation.Stages;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Remediation;

internal static class RemediationRegistration
{
    public static IServiceCollection AddRemediation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LifecycleOptions>().Bind(configuration.GetSection(LifecycleOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LifecycleOptions>, LifecycleOptionsValidator>();
        services.AddOptions<ScriptedStageOptions>().Bind(configuration.GetSection(ScriptedStageOptions.Section));
        services.AddSingleton<RemediationStore>();
        services.AddSingleton<RemediationAudit>();
        services.AddSingleton<OwnerResolver>();
        services.AddSingleton<Deduplicator>();
        services.AddSingleton<DecisionService>();
        services.AddSingleton<LifecycleTrigger>();
        services.AddSingleton<LifecycleSteps>();
        services.AddHostedService<CrdInstaller>();
        services.AddHostedService<LifecycleController>();

        // Until the real stages exist (later issues), the scripted ones stand in; tests and the demo configure them.
        services.AddSingleton<ISideEffectLedger>(sp => sp.GetRequiredService<IOptions<ScriptedStageOptions>>().Value.LedgerPath is { Length: > 0 } path
            ? new FileLedger(path, sp.GetRequiredService<TimeProvider>())
            : new InMemoryLedger());
        services.AddSingleton<ScriptedStages>();
        services.AddSingleton(sp =>
        {
            var scripted = sp.GetRequiredService<ScriptedStages>();
            return new StageSet(
                sp.GetService<IInvestigationStage>() ?? scripted,
                sp.GetService<IProposalStage>() ?? scripted,
                sp.GetService<IApprovalStage>() ?? scripted,
                sp.GetService<IExecutionStage>() ?? scripted,
                sp.GetService<IVerificationStage>() ?? scripted);
        });
        return services;
    }

    public static IEndpointRouteBuilder MapRemediation(this IEndpointRouteBuilder app) => app.MapRemediationApi();
}
