namespace Kubernaut.KindFleet.Alerting;

/// <summary>Builds the version-4 webhook payload for a group's alerts, as Alertmanager's template.Data does.</summary>
internal static class WebhookMessages
{
    public static WebhookMessage Build(string receiver, AggregationGroup group, List<StoredAlert> alerts, int maxAlerts, DateTimeOffset now, string externalUrl)
    {
        var truncated = maxAlerts > 0 && alerts.Count > maxAlerts ? alerts.Count - maxAlerts : 0;
        var sent = truncated > 0 ? alerts.Take(maxAlerts).ToList() : alerts;
        var status = alerts.Any(a => !a.ResolvedAt(now)) ? "firing" : "resolved";
        return new WebhookMessage(receiver, status, [.. sent.Select(a => a.ToWebhook(now))], group.GroupLabels,
            Common(alerts.Select(a => a.Labels)), Common(alerts.Select(a => a.Annotations)), externalUrl, "4", group.Key, truncated);
    }

    /// <summary>The pairs every alert shares (commonLabels / commonAnnotations).</summary>
    private static SortedDictionary<string, string> Common(IEnumerable<SortedDictionary<string, string>> sets)
    {
        SortedDictionary<string, string>? common = null;
        foreach (var set in sets)
        {
            if (common is null)
            {
                common = new SortedDictionary<string, string>(set, StringComparer.Ordinal);
                continue;
            }

            foreach (var (k, v) in common.ToList())
            {
                if (!set.TryGetValue(k, out var other) || other != v)
                {
                    common.Remove(k);
                }
            }
        }

        return common ?? new SortedDictionary<string, string>(StringComparer.Ordinal);
    }
}
