using Kubernaut.KindFleet.Ocm;

namespace Kubernaut.KindFleet.Controllers;

/// <summary>Registers the simulated control plane (controllers, kubelet, addon agents) of every cluster.</summary>
internal static class ControllerRegistration
{
    /// <param name="run">False serves the API alone, as envtest does without a controller-manager.</param>
    public static IServiceCollection AddFleetControllers(this IServiceCollection services, bool run = true)
    {
        services.AddHttpClient();
        services.AddWorkloadControllers();
        services.AddOcmControllers();
        if (run)
        {
            services.AddHostedService<ClusterControllerHost>();
        }

        return services;
    }
}
