using k8s;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Hosting;

/// <summary>Builds the client for the OCM hub cluster from a kubeconfig context, or in-cluster config when run as a pod.</summary>
internal static class HubKubernetes
{
    public static KubernetesClientConfiguration Configuration(HubOptions options)
    {
        if (!string.IsNullOrEmpty(options.Kubeconfig))
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(options.Kubeconfig, string.IsNullOrEmpty(options.Context) ? null : options.Context);
        }

        return KubernetesClientConfiguration.IsInCluster()
            ? KubernetesClientConfiguration.InClusterConfig()
            : KubernetesClientConfiguration.BuildDefaultConfig();
    }

    public static IServiceCollection AddHubKubernetes(this IServiceCollection services)
    {
        services.AddSingleton(sp => Configuration(sp.GetRequiredService<IOptions<HubOptions>>().Value));
        services.AddSingleton<IKubernetes>(sp => new Kubernetes(sp.GetRequiredService<KubernetesClientConfiguration>()));
        return services;
    }
}
