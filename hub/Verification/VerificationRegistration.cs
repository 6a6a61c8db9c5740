using Kubernaut.Hub.Remediation.Lifecycle;
using Kubernaut.Hub.Workflows;

namespace Kubernaut.Hub.Verification;

internal static class VerificationRegistration
{
    public static IServiceCollection AddVerification(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<VerificationOptions>().Bind(configuration.GetSection(VerificationOptions.Section));
        services.AddHttpClient(nameof(PrometheusMetricSource));
        services.AddSingleton<IMetricSource, PrometheusMetricSource>();
        services.AddSingleton<IEffectivenessHistory, RequestEffectivenessHistory>();
        services.AddSingleton<WorkloadHealth>();
        if (WorkflowRegistration.UsesReal(configuration, "Verification"))
        {
            services.AddSingleton<IVerificationStage, VerificationStage>();
        }

        return services;
    }
}
