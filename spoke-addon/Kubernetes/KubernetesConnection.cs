using k8s;
using Kubernaut.SpokeAddon.Hosting;

namespace Kubernaut.SpokeAddon.Kubernetes;

/// <summary>The addon's own cluster: a kubeconfig context when given one, else the Pod's in-cluster ServiceAccount.</summary>
internal static class KubernetesConnection
{
    public static IKubernetes Create(SpokeAddonOptions options)
    {
        var config = options.Kubeconfig is { } path
            ? KubernetesClientConfiguration.BuildConfigFromConfigFile(path, options.Context)
            : KubernetesClientConfiguration.InClusterConfig();
        return new k8s.Kubernetes(config);
    }
}
