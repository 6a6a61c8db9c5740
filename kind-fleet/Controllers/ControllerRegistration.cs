using Kubernaut.KindFleet.Ocm;

namespace Kubernaut.KindFleet.Controllers;

/// <summary>Registers the simulated control plane (controllers, kubelet, addon agents) of every cluster.</summary>
internal static class ControllerRegistration
{
    public static IServiceCollection AddFleetControllers(this IServiceCollection services)
    {
        services.AddHttpClient();
        services.AddWorkloadControllers();
        services.AddOcmControllers();
        services.AddHostedService<ClusterControllerHost>();
        return services;
    }
}
