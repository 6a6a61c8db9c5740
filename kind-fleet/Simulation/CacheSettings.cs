using System.Globalization;
using System.Text.RegularExpressions;

namespace Kubernaut.KindFleet.Simulation;

/// <summary>
/// The in-memory cache an application configures in its ConfigMap: <c>cache.maxSizeMb</c> (the soft limit) and
/// <c>cache.eviction</c> (<c>lru</c>, or <c>disabled</c>: the cache keeps everything it ever loaded).
/// Read from a <c>config.yaml</c> key or from <c>CACHE_SIZE_MB</c>/<c>CACHE_EVICTION</c> keys.
/// </summary>
internal sealed partial record CacheSettings(double SoftLimitMiB, bool EvictionEnabled)
{
    public static readonly CacheSettings Default = new(128, true);

    public static CacheSettings From(IReadOnlyDictionary<string, string>? data)
    {
        if (data is null)
        {
            return Default;
        }

        var text = string.Join('\n', data.Select(kv => $"{kv.Key}: {kv.Value}"));
        var size = SizePattern().Match(text) is { Success: true } s && double.TryParse(s.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var mb) ? mb : Default.SoftLimitMiB;
        var eviction = EvictionPattern().Match(text) is { Success: true } e ? e.Groups[1].Value : "lru";
        return new CacheSettings(size, !eviction.Equals("disabled", StringComparison.OrdinalIgnoreCase) && !eviction.Equals("none", StringComparison.OrdinalIgnoreCase));
    }

    [GeneratedRegex(@"(?:maxSizeMb|CACHE_SIZE_MB)\s*:\s*""?([0-9.]+)", RegexOptions.IgnoreCase)]
    private static partial Regex SizePattern();

    [GeneratedRegex(@"(?:eviction|CACHE_EVICTION)\s*:\s*""?([A-Za-z-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex EvictionPattern();
}
