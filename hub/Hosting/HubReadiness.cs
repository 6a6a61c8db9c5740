using System.Collections.Concurrent;

namespace Kubernaut.Hub.Hosting;

/// <summary>What must be true before the hub takes traffic; each component reports its own part.</summary>
internal sealed class HubReadiness
{
    private readonly ConcurrentDictionary<string, string?> _parts = new(StringComparer.Ordinal);

    /// <summary>Declares a part that is not ready until <see cref="MarkReady"/> is called for it.</summary>
    public void Require(string part, string why) => _parts.TryAdd(part, why);

    public void MarkReady(string part) => _parts[part] = null;

    public void MarkNotReady(string part, string why) => _parts[part] = why;

    public IReadOnlyDictionary<string, string> Pending =>
        _parts.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal);

    public bool IsReady => _parts.Values.All(v => v is null);
}
