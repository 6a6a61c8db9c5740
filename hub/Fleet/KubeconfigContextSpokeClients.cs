using System.Collections.Concurrent;
using k8s;
using k8s.Exceptions;
using Kubernaut.Hub.Hosting;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Fleet;

/// <summary>Reaches each spoke through the kubeconfig context named like the managed cluster.</summary>
internal sealed class KubeconfigContextSpokeClients(IOptions<HubOptions> hub) : ISpokeClients, IDisposable
{
    private readonly ConcurrentDictionary<string, Kubernetes> _clients = new(StringComparer.Ordinal);

    public IKubernetes For(string cluster) => _clients.GetOrAdd(cluster, c =>
    {
        try
        {
            return new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(hub.Value.Kubeconfig, c));
        }
        catch (KubeConfigException e)
        {
            throw new SpokeUnreachableException(c, $"no kubeconfig context named \"{c}\": {e.Message}");
        }
    });

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }
}

internal sealed class SpokeUnreachableException(string cluster, string message) : Exception(message)
{
    public string Cluster { get; } = cluster;
}
