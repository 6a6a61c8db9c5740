using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Fleet;

internal static class FleetRegistration
{
    public static IServiceCollection AddFleet(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FleetOptions>().Bind(configuration.GetSection(FleetOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FleetOptions>, FleetOptionsValidator>();
        services.AddSingleton<ClusterProxySpokeClients>();
        services.AddSingleton<KubeconfigContextSpokeClients>();
        services.AddSingleton<ISpokeClients>(sp => sp.GetRequiredService<IOptions<FleetOptions>>().Value.SpokeAccess == SpokeAccessModes.ClusterProxy
            ? sp.GetRequiredService<ClusterProxySpokeClients>()
            : sp.GetRequiredService<KubeconfigContextSpokeClients>());
        services.AddSingleton<ISpokeReader, KubernetesSpokeReader>();
        services.AddSingleton<ManagedClusterCatalog>();
        services.AddSingleton<FleetInventory>();
        return services;
    }
}
