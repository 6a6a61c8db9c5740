using Kubernaut.Hub.Remediation.Lifecycle;
using Kubernaut.Hub.Workflows;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Execution;

internal static class ExecutionRegistration
{
    public static IServiceCollection AddExecution(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ExecutionOptions>().Bind(configuration.GetSection(ExecutionOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ExecutionOptions>, ExecutionOptionsValidator>();
        services.AddOptions<RemediationTokenOptions>().Bind(configuration.GetSection(RemediationTokenOptions.Section));
        services.TryAddSingleton<IRemediationTokenSource, ClientCredentialsTokenSource>();
        services.AddSingleton<AwxClient>();
        services.AddSingleton<EphemeralAccess>();
        services.AddSingleton<ExecutionJournal>();
        services.AddSingleton<ExecutionCleanup>();
        services.AddHostedService<EphemeralAccessJanitor>();
        if (WorkflowRegistration.UsesReal(configuration, "Execution"))
        {
            services.AddSingleton<IExecutionStage, ExecutionStage>();
        }

        return services;
    }
}
