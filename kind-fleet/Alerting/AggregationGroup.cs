namespace Kubernaut.KindFleet.Alerting;

/// <summary>
/// Alerts that share the values of the route's group_by labels, notified together. Keeps, per webhook, what was last
/// notified (Alertmanager's notification log) to decide whether a flush must notify.
/// </summary>
internal sealed class AggregationGroup(string key, SortedDictionary<string, string> groupLabels)
{
    public string Key { get; } = key;

    public SortedDictionary<string, string> GroupLabels { get; } = groupLabels;

    public HashSet<string> Fingerprints { get; } = new(StringComparer.Ordinal);

    public Dictionary<int, NotificationLogEntry> Log { get; } = [];

    public ITimer? Timer { get; set; }

    public bool Flushing { get; set; }

    public bool HasFlushed { get; set; }

    /// <summary>Alertmanager's DedupStage.needsUpdate.</summary>
    public static bool NeedsUpdate(NotificationLogEntry? entry, IReadOnlySet<string> firing, IReadOnlySet<string> resolved, bool sendResolved, TimeSpan repeat, DateTimeOffset now)
    {
        if (entry is null)
        {
            return firing.Count > 0;
        }

        if (!firing.IsSubsetOf(entry.Firing))
        {
            return true;
        }

        if (firing.Count == 0)
        {
            // Everything resolved: notify once so the receiver's firing set is cleared, unless it never knew of them.
            return entry.Firing.Count > 0;
        }

        if (sendResolved && !resolved.IsSubsetOf(entry.Resolved))
        {
            return true;
        }

        return entry.Timestamp < now - repeat;
    }
}

/// <summary>What one webhook was last told about a group.</summary>
internal sealed record NotificationLogEntry(IReadOnlySet<string> Firing, IReadOnlySet<string> Resolved, DateTimeOffset Timestamp);
