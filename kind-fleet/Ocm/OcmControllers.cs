namespace Kubernaut.KindFleet.Ocm;

/// <summary>The OCM hub and addon controllers (registration, managed-serviceaccount, cluster-permission, addon-manager).</summary>
internal static class OcmControllers
{
    public static IServiceCollection AddOcmControllers(this IServiceCollection services)
    {
        return services;
    }
}
