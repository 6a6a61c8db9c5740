using Kubernaut.KindFleet.Controllers;
using Kubernaut.KindFleet.Controllers.Nodes;

namespace Kubernaut.KindFleet.Simulation;

/// <summary>Registers the workload physics: the kubelet's container behaviour, the metrics/log ticker, HPA and maintenance automation.</summary>
internal static class SimulationRegistration
{
    public static IServiceCollection AddWorkloadSimulation(this IServiceCollection services)
    {
        services.AddSingleton<ImageCatalog>();
        services.AddSingleton<WorkloadPhysics>();
        services.AddSingleton<ApplicationLogs>();
        services.AddSingleton<IContainerBehavior, PhysicsContainerBehavior>();
        services.AddSingleton<IClusterController, WorkloadTicker>();
        services.AddSingleton<IClusterController, HorizontalPodAutoscalerController>();
        services.AddSingleton<IClusterController, MaintenanceAutomation>();
        return services;
    }
}
