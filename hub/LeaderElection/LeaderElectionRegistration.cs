using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.LeaderElection;

internal static class LeaderElectionRegistration
{
    public static IServiceCollection AddLeaderElection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LeaderElectionOptions>().Bind(configuration.GetSection(LeaderElectionOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LeaderElectionOptions>, LeaderElectionOptionsValidator>();
        if (configuration.GetSection(LeaderElectionOptions.Section).GetValue(nameof(LeaderElectionOptions.Enabled), true))
        {
            services.AddSingleton<LeaseElector>();
            services.AddSingleton<ILeadership>(sp => sp.GetRequiredService<LeaseElector>());
            services.AddHostedService(sp => sp.GetRequiredService<LeaseElector>());
        }
        else
        {
            services.AddSingleton<ILeadership, SoleLeader>();
        }

        return services;
    }
}
