using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.TrustLadder;

internal static class TrustLadderRegistration
{
    public static IServiceCollection AddTrustLadder(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TrustLadderOptions>().Bind(configuration.GetSection(TrustLadderOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TrustLadderOptions>, TrustLadderOptionsValidator>();
        services.AddOptions<GuardrailOptions>().Bind(configuration.GetSection(GuardrailOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GuardrailOptions>, GuardrailOptionsValidator>();
        services.AddSingleton<TrustPolicy>();
        services.AddSingleton<Guardrails>();
        services.AddSingleton<OnboardingChecklist>();
        services.AddSingleton<IOnboardingCheck, AddonHealthyCheck>();
        services.AddSingleton<IOnboardingCheck>(new NotYetProbedCheck("mcp-reachable", "no MCP endpoint is registered for this cluster yet"));
        services.AddSingleton<IOnboardingCheck>(new NotYetProbedCheck("metrics-flowing", "no metrics source is registered for this cluster yet"));
        services.AddSingleton<IOnboardingCheck, WorkflowsApplicableCheck>();
        return services;
    }
}
