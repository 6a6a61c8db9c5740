namespace Kubernaut.SpokeAddon.Kubernetes;

/// <summary>Labels and annotations arrive as IDictionary, which has no GetValueOrDefault of its own.</summary>
internal static class KubeMaps
{
    public static string? Value(this IDictionary<string, string>? map, string key) =>
        map is not null && map.TryGetValue(key, out var value) ? value : null;
}
