using Kubernaut.Hub.Fleet;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.TrustLadder;

/// <summary>
/// The level that applies to a namespace of a cluster. Precedence: the namespace override annotated on the
/// ManagedCluster, the ManagedCluster's label, this hub's configured level for the cluster, the default (L2).
/// </summary>
internal sealed class TrustPolicy(FleetInventory fleet, IOptions<TrustLadderOptions> options)
{
    public async Task<TrustLevel> LevelAsync(string cluster, string ns, CancellationToken ct)
    {
        var managed = await fleet.FindClusterAsync(cluster, ct);
        return Resolve(managed, cluster, ns, options.Value);
    }

    public static TrustLevel Resolve(ManagedClusterInfo? managed, string cluster, string ns, TrustLadderOptions options)
    {
        if (managed is not null && managed.Annotations.TryGetValue(TrustLadderOptions.NamespaceAnnotation, out var overrides))
        {
            foreach (var pair in overrides.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
                if (parts.Length == 2 && parts[0] == ns && TrustLevels.Parse(parts[1]) is { } nsLevel)
                {
                    return nsLevel;
                }
            }
        }

        if (managed is not null && managed.Labels.TryGetValue(TrustLadderOptions.ClusterLabel, out var label) && TrustLevels.Parse(label) is { } clusterLevel)
        {
            return clusterLevel;
        }

        return options.Clusters.TryGetValue(cluster, out var configured) ? configured : options.DefaultLevel;
    }
}
