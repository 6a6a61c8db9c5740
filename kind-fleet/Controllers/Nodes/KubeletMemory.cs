using System.Collections.Concurrent;

namespace Kubernaut.KindFleet.Controllers.Nodes;

/// <summary>
/// What a kubelet keeps in memory rather than in the API (as the real one does): retry times for back-offs, when
/// each pod next needs a look, and which terminating pods already had their containers stopped. One per cluster.
/// </summary>
internal sealed class KubeletMemory
{
    private readonly ConcurrentDictionary<(string Uid, string Container), DateTimeOffset> _retry = new();
    private readonly ConcurrentDictionary<(string Uid, string Container), int> _pullFailures = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _due = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _stopping = new(StringComparer.Ordinal);

    public DateTimeOffset LastResync { get; set; } = DateTimeOffset.MinValue;

    public DateTimeOffset? RetryAt(string uid, string container) => _retry.TryGetValue((uid, container), out var t) ? t : null;

    public void SetRetry(string uid, string container, DateTimeOffset at) => _retry[(uid, container)] = at;

    public void ClearRetry(string uid, string container) => _retry.TryRemove((uid, container), out _);

    public int PullFailures(string uid, string container) => _pullFailures.GetValueOrDefault((uid, container));

    public void CountPullFailure(string uid, string container) => _pullFailures.AddOrUpdate((uid, container), 1, (_, n) => n + 1);

    public bool IsDue(string uid, DateTimeOffset now) => _due.TryGetValue(uid, out var t) && t <= now;

    public void SetDue(string uid, DateTimeOffset? at)
    {
        if (at is { } t)
        {
            _due[uid] = t;
        }
        else
        {
            _due.TryRemove(uid, out _);
        }
    }

    /// <summary>True the first time it is called for a pod: its containers get stopped (Killing events) once.</summary>
    public bool BeginStopping(string uid) => _stopping.TryAdd(uid, true);

    public void Forget(string uid)
    {
        _due.TryRemove(uid, out _);
        _stopping.TryRemove(uid, out _);
        foreach (var key in _retry.Keys.Where(k => k.Uid == uid))
        {
            _retry.TryRemove(key, out _);
        }

        foreach (var key in _pullFailures.Keys.Where(k => k.Uid == uid))
        {
            _pullFailures.TryRemove(key, out _);
        }
    }
}
