using System.Collections.Concurrent;

namespace Kubernaut.KindFleet.Simulation;

/// <summary>
/// When the physics first saw each content of each ConfigMap. A running container picks up a changed mounted
/// ConfigMap after the kubelet's volume sync delay (its pods do not all reload at once), so what a container runs
/// with at time t is the newest content seen at least that delay before t.
/// </summary>
internal sealed class ConfigHistory
{
    private readonly ConcurrentDictionary<(string Cluster, string Ns, string Name), List<ConfigVersion>> _versions = new();

    public void Observe(string cluster, string ns, string name, IReadOnlyDictionary<string, string> data, DateTimeOffset now)
    {
        var list = _versions.GetOrAdd((cluster, ns, name), _ => []);
        lock (list)
        {
            var key = Key(data);
            if (list.Count == 0 || list[^1].Key != key)
            {
                // The first content seen is taken as what every container started with.
                list.Add(new ConfigVersion(key, CacheSettings.From(data), list.Count == 0 ? DateTimeOffset.MinValue : now));
            }
        }
    }

    /// <summary>The versions in the order they appeared (the first has <see cref="DateTimeOffset.MinValue"/>).</summary>
    public IReadOnlyList<ConfigVersion> Versions(string cluster, string ns, string name)
    {
        if (!_versions.TryGetValue((cluster, ns, name), out var list))
        {
            return [];
        }

        lock (list)
        {
            return [.. list];
        }
    }

    private static string Key(IReadOnlyDictionary<string, string> data) =>
        string.Join('\u0001', data.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value));
}

internal sealed record ConfigVersion(string Key, CacheSettings Cache, DateTimeOffset SeenAt);
