namespace Kubernaut.KindFleet.Controllers;

/// <summary>The kube-controller-manager, scheduler and kubelet stand-ins.</summary>
internal static class WorkloadControllers
{
    public static IServiceCollection AddWorkloadControllers(this IServiceCollection services)
    {
        return services;
    }
}
