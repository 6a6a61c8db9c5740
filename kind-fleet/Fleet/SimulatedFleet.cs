using System.Collections.Concurrent;
using System.Security.Cryptography;
using Kubernaut.KindFleet.Auth;

namespace Kubernaut.KindFleet.Fleet;

/// <summary>
/// Every simulated cluster in one process, the admin credential that the generated kubeconfig carries,
/// and the in-cluster HTTP services that cluster-proxy can reach.
/// </summary>
internal sealed class SimulatedFleet
{
    public const string HubName = "hub";

    private readonly ConcurrentDictionary<string, SimulatedCluster> _clusters = new(StringComparer.Ordinal);

    public SimulatedFleet(TimeProvider time, string? adminToken = null)
    {
        Time = time;
        AdminToken = adminToken ?? "admin." + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
    }

    public TimeProvider Time { get; }

    /// <summary>The kubeconfig's credential: a member of system:masters on every cluster.</summary>
    public string AdminToken { get; }

    public ServiceBackends Services { get; } = new();

    public IEnumerable<SimulatedCluster> Clusters => _clusters.Values.OrderBy(c => c.Name, StringComparer.Ordinal);

    public SimulatedCluster? Find(string name) => _clusters.GetValueOrDefault(name);

    public SimulatedCluster Add(string name, int watchHistory = 2048)
    {
        var cluster = new SimulatedCluster(name, Time, watchHistory);
        if (!_clusters.TryAdd(name, cluster))
        {
            throw new InvalidOperationException($"cluster {name} already exists");
        }

        return cluster;
    }

    /// <summary>Resolves a bearer token on one cluster: the admin token, or a ServiceAccount token minted there.</summary>
    public UserInfo? Authenticate(SimulatedCluster cluster, string? bearer)
    {
        if (string.IsNullOrEmpty(bearer))
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(bearer), System.Text.Encoding.UTF8.GetBytes(AdminToken))
            ? UserInfo.Admin
            : cluster.Tokens.Authenticate(bearer, cluster.ServiceAccountUid);
    }
}

/// <summary>HTTP services "running inside" a cluster, by cluster, namespace and service name.</summary>
internal sealed class ServiceBackends
{
    private readonly ConcurrentDictionary<(string Cluster, string Namespace, string Service), Uri> _backends = new();

    public void Register(string cluster, string ns, string service, Uri upstream) => _backends[(cluster, ns, service)] = upstream;

    public void Unregister(string cluster, string ns, string service) => _backends.TryRemove((cluster, ns, service), out _);

    public Uri? Find(string cluster, string ns, string service) => _backends.GetValueOrDefault((cluster, ns, service));
}
