using Kubernaut.KindFleet.Controllers.Apps;
using Kubernaut.KindFleet.Controllers.Core;
using Kubernaut.KindFleet.Controllers.Nodes;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kubernaut.KindFleet.Controllers;

/// <summary>The kube-controller-manager, scheduler and kubelet stand-ins.</summary>
internal static class WorkloadControllers
{
    public static IServiceCollection AddWorkloadControllers(this IServiceCollection services)
    {
        // A workload-fault simulation supplies its own IContainerBehavior (registered before or after this).
        services.TryAddSingleton<IContainerBehavior, HealthyContainerBehavior>();
        services.AddSingleton<IClusterController, DeploymentController>();
        services.AddSingleton<IClusterController, ReplicaSetController>();
        services.AddSingleton<IClusterController, StatefulSetController>();
        services.AddSingleton<IClusterController, DaemonSetController>();
        services.AddSingleton<IClusterController, Scheduler>();
        services.AddSingleton<IClusterController, Kubelet>();
        services.AddSingleton<IClusterController, EndpointsController>();
        services.AddSingleton<IClusterController, GarbageCollector>();
        services.AddSingleton<IClusterController, NamespaceController>();
        services.AddSingleton<IClusterController, ServiceAccountController>();
        services.AddSingleton<IClusterController, ConfigMapRevisionController>();
        services.AddSingleton<IClusterController, EventTtlController>();
        return services;
    }
}
