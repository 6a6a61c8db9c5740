namespace Kubernaut.KindFleet.Alerting;

/// <summary>An alert the stand-in holds, identified by the fingerprint of its labels.</summary>
internal sealed record StoredAlert(
    SortedDictionary<string, string> Labels,
    SortedDictionary<string, string> Annotations,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string GeneratorUrl,
    DateTimeOffset UpdatedAt)
{
    public string Fingerprint { get; } = AlertIdentity.Fingerprint(Labels);

    public bool ResolvedAt(DateTimeOffset now) => EndsAt <= now;

    public WebhookAlert ToWebhook(DateTimeOffset now)
    {
        var resolved = ResolvedAt(now);

        // As Alertmanager: an alert that has not ended yet is reported with the zero end time.
        return new WebhookAlert(resolved ? "resolved" : "firing", Labels, Annotations, AlertIdentity.GoTime(StartsAt),
            resolved ? AlertIdentity.GoTime(EndsAt) : AlertIdentity.GoTime(null), GeneratorUrl, Fingerprint);
    }

    /// <summary>Alertmanager's AlertSlice order: job, then instance, then the label sets.</summary>
    public static int Compare(StoredAlert a, StoredAlert b)
    {
        foreach (var key in new[] { "job", "instance" })
        {
            var hasA = a.Labels.TryGetValue(key, out var va);
            var hasB = b.Labels.TryGetValue(key, out var vb);
            if (!hasA && !hasB)
            {
                continue;
            }

            if (hasA != hasB)
            {
                return hasA ? -1 : 1;
            }

            var c = string.CompareOrdinal(va, vb);
            if (c != 0)
            {
                return c;
            }
        }

        return BeforeCompare(a.Labels, b.Labels);
    }

    /// <summary>model.LabelSet.Before: by sorted names, then values; a prefix sorts first.</summary>
    private static int BeforeCompare(SortedDictionary<string, string> a, SortedDictionary<string, string> b)
    {
        var names = a.Keys.Union(b.Keys).Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!a.TryGetValue(name, out var va))
            {
                return 1;
            }

            if (!b.TryGetValue(name, out var vb))
            {
                return -1;
            }

            var c = string.CompareOrdinal(va, vb);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }
}
