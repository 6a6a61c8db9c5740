using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Fleet;

/// <summary>
/// The live fleet as signal intake sees it: ManagedClusters from the hub and top-level workloads from each spoke,
/// reused for a short time so a burst of signals does not re-read the fleet for every one.
/// </summary>
internal sealed class FleetInventory(ManagedClusterCatalog catalog, ISpokeReader spokes, IOptions<FleetOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Cached<IReadOnlyList<SpokeWorkload>>> _workloads = new(StringComparer.Ordinal);
    private volatile Cached<IReadOnlyList<ManagedClusterInfo>>? _clusters;

    public async Task<IReadOnlyList<ManagedClusterInfo>> ClustersAsync(CancellationToken ct)
    {
        var cached = _clusters;
        if (cached is not null && Fresh(cached.At))
        {
            return cached.Value;
        }

        var clusters = await catalog.ListAsync(ct);
        _clusters = new(clusters, time.GetUtcNow());
        return clusters;
    }

    public async Task<ManagedClusterInfo?> FindClusterAsync(string name, CancellationToken ct)
    {
        var found = (await ClustersAsync(ct)).FirstOrDefault(c => c.Name == name);
        if (found is null && _clusters is not null)
        {
            // A cluster that joined a moment ago should not wait for the cache to expire.
            _clusters = null;
            found = (await ClustersAsync(ct)).FirstOrDefault(c => c.Name == name);
        }

        return found;
    }

    public async Task<IReadOnlyList<SpokeWorkload>> WorkloadsAsync(string cluster, CancellationToken ct)
    {
        if (_workloads.TryGetValue(cluster, out var cached) && Fresh(cached.At))
        {
            return cached.Value;
        }

        var system = options.Value.SystemNamespaces.ToHashSet(StringComparer.Ordinal);
        var workloads = (await spokes.ListWorkloadsAsync(cluster, ct)).Where(w => !system.Contains(w.Ref.Namespace)).ToList();
        _workloads[cluster] = new(workloads, time.GetUtcNow());
        return workloads;
    }

    private bool Fresh(DateTimeOffset at) => time.GetUtcNow() - at < options.Value.InventoryCacheTtl;

    private sealed record Cached<T>(T Value, DateTimeOffset At);
}
