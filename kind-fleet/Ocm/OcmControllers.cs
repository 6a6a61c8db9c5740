using Kubernaut.KindFleet.Controllers;
using Kubernaut.KindFleet.Fleet;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kubernaut.KindFleet.Ocm;

/// <summary>The OCM hub and addon controllers (registration, managed-serviceaccount, cluster-permission, work, placement, addon-manager).</summary>
internal static class OcmControllers
{
    public static IServiceCollection AddOcmControllers(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => FleetAddress.FromServer(sp.GetRequiredService<IServer>()));
        services.AddSingleton<IClusterController, ManagedClusterStatusController>();
        services.AddSingleton<IClusterController, ManagedServiceAccountController>();
        services.AddSingleton<IClusterController, ClusterPermissionController>();
        services.AddSingleton<IClusterController, PlacementController>();
        services.AddSingleton<IClusterController, AddOnTemplateController>();
        services.AddSingleton<IClusterController, ManifestWorkController>();
        return services;
    }
}
