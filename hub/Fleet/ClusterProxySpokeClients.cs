using System.Collections.Concurrent;
using k8s;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Fleet;

/// <summary>
/// Reaches each spoke's API through the cluster-proxy user-server (<c>{proxy}/{cluster}/api/...</c>), presenting the
/// hub's own credential and trusting the hub's CA, as cluster-proxy's service-proxy expects.
/// </summary>
internal sealed class ClusterProxySpokeClients(KubernetesClientConfiguration hubConfig, IOptions<FleetOptions> options) : ISpokeClients, IDisposable
{
    private readonly ConcurrentDictionary<string, Kubernetes> _clients = new(StringComparer.Ordinal);

    public IKubernetes For(string cluster) => _clients.GetOrAdd(cluster, c => new Kubernetes(new KubernetesClientConfiguration
    {
        Host = options.Value.ClusterProxyUrl!.TrimEnd('/') + "/" + Uri.EscapeDataString(c),
        AccessToken = hubConfig.AccessToken,
        TokenProvider = hubConfig.TokenProvider,
        SslCaCerts = hubConfig.SslCaCerts,
        SkipTlsVerify = hubConfig.SkipTlsVerify,
        ClientCertificateData = hubConfig.ClientCertificateData,
        ClientCertificateKeyData = hubConfig.ClientCertificateKeyData,
        Username = hubConfig.Username,
        Password = hubConfig.Password,
    }));

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }
}
