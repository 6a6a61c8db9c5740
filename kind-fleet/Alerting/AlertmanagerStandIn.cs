namespace Kubernaut.KindFleet.Alerting;

/// <summary>
/// The Alertmanager stand-in: receives alerts (from the rule evaluator or <c>POST /api/v2/alerts</c>), groups them
/// by the root route's group_by labels, and notifies the route's receiver after group_wait, then every
/// group_interval when something changed (or repeat_interval passed), on the fleet's clock.
/// </summary>
internal sealed partial class AlertmanagerStandIn(TimeProvider time, WebhookNotifier notifier, FleetAlertingOptions options, ILogger<AlertmanagerStandIn> logger) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, StoredAlert> _alerts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AggregationGroup> _groups = new(StringComparer.Ordinal);
    private AlertmanagerConfig? _config = options.AlertmanagerYaml is { } yaml ? AlertmanagerConfig.Parse(yaml) : null;

    public string ExternalUrl => options.ExternalUrl;

    /// <summary>Replaces the routing configuration; existing groups are dropped (their alerts are regrouped on next receipt).</summary>
    public void ApplyConfig(AlertmanagerConfig config)
    {
        lock (_lock)
        {
            _config = config;
            foreach (var g in _groups.Values)
            {
                g.Timer?.Dispose();
            }

            _groups.Clear();
            foreach (var alert in _alerts.Values.ToList())
            {
                Route(alert);
            }
        }
    }

    public void Ingest(IEnumerable<PostableAlert> alerts)
    {
        var now = time.GetUtcNow();
        var resolveTimeout = AlertmanagerConfig.Duration(_config?.Global.ResolveTimeout ?? "5m");
        lock (_lock)
        {
            foreach (var posted in alerts)
            {
                var labels = new SortedDictionary<string, string>(posted.Labels.Where(l => l.Value.Length > 0).ToDictionary(), StringComparer.Ordinal);
                if (labels.Count == 0)
                {
                    throw new ArgumentException("at least one label pair required");
                }

                var startsAt = posted.StartsAt ?? now;
                var endsAt = posted.EndsAt ?? now + resolveTimeout;
                if (endsAt < startsAt)
                {
                    throw new ArgumentException("start time must be before end time");
                }

                var alert = new StoredAlert(labels, new SortedDictionary<string, string>(posted.Annotations ?? [], StringComparer.Ordinal), startsAt, endsAt, posted.GeneratorUrl ?? "", now);
                if (_alerts.TryGetValue(alert.Fingerprint, out var existing) && !existing.ResolvedAt(now) && existing.StartsAt < alert.StartsAt)
                {
                    // The same alert again (Prometheus re-sends firing alerts): keep when it started.
                    alert = alert with { StartsAt = existing.StartsAt };
                }

                _alerts[alert.Fingerprint] = alert;
                Route(alert);
            }
        }
    }

    /// <summary>Alerts that have not ended, as <c>GET /api/v2/alerts</c> lists them.</summary>
    public IReadOnlyList<GettableAlert> List()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var receiver = _config?.Route.Receiver;
            return [.. _alerts.Values.Where(a => !a.ResolvedAt(now)).OrderBy(a => a.Fingerprint, StringComparer.Ordinal).Select(a => new GettableAlert(
                a.Annotations, AlertIdentity.GoTime(a.EndsAt), a.Fingerprint, receiver is null ? [] : [new GettableReceiver(receiver)], AlertIdentity.GoTime(a.StartsAt),
                new GettableStatus([], [], "active"), AlertIdentity.GoTime(a.UpdatedAt), a.GeneratorUrl, a.Labels))];
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var g in _groups.Values)
            {
                g.Timer?.Dispose();
            }

            _groups.Clear();
        }
    }

    private void Route(StoredAlert alert)
    {
        if (_config is null)
        {
            return;
        }

        var route = _config.Route;
        var groupLabels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in alert.Labels)
        {
            if (route.GroupBy.Contains("...") || route.GroupBy.Contains(name))
            {
                groupLabels[name] = value;
            }
        }

        // Alertmanager's group key: the route's key ("{}" for the root route), then the group's labels.
        var key = "{}:" + AlertIdentity.LabelSetString(groupLabels);
        if (!_groups.TryGetValue(key, out var group))
        {
            group = new AggregationGroup(key, groupLabels);
            _groups[key] = group;
            var wait = AlertmanagerConfig.Duration(route.GroupWait);
            var interval = AlertmanagerConfig.Duration(route.GroupInterval);
            group.Timer = time.CreateTimer(_ => _ = FlushAsync(group), null, wait, interval > TimeSpan.Zero ? interval : TimeSpan.FromSeconds(1));
        }

        group.Fingerprints.Add(alert.Fingerprint);
        if (!group.HasFlushed && alert.StartsAt + AlertmanagerConfig.Duration(route.GroupWait) < time.GetUtcNow())
        {
            // An alert that is older than group_wait is notified straight away, as Alertmanager does.
            group.Timer?.Change(TimeSpan.Zero, AlertmanagerConfig.Duration(route.GroupInterval));
        }
    }

    private async Task FlushAsync(AggregationGroup group)
    {
        List<(int Index, AlertmanagerConfig.WebhookSection Webhook, WebhookMessage? Message, NotificationLogEntry Entry)> work;
        List<StoredAlert> resolvedAlerts;
        lock (_lock)
        {
            if (group.Flushing || _config is null || !_groups.ContainsKey(group.Key))
            {
                return;
            }

            group.Flushing = true;
            group.HasFlushed = true;
            (work, resolvedAlerts) = Prepare(group, _config);
        }

        var allSent = true;
        try
        {
            foreach (var (index, webhook, message, entry) in work)
            {
                var sent = message is null || await notifier.SendAsync(webhook, message, AlertmanagerConfig.Duration(_config.Route.GroupInterval), CancellationToken.None);
                lock (_lock)
                {
                    if (sent)
                    {
                        group.Log[index] = entry;
                    }
                }

                allSent &= sent;
            }
        }
        catch (Exception e)
        {
            allSent = false;
            LogFlushFailed(logger, group.Key, e);
        }
        finally
        {
            lock (_lock)
            {
                group.Flushing = false;
                if (allSent)
                {
                    Forget(group, resolvedAlerts);
                }
            }
        }
    }

    private (List<(int, AlertmanagerConfig.WebhookSection, WebhookMessage?, NotificationLogEntry)>, List<StoredAlert>) Prepare(AggregationGroup group, AlertmanagerConfig config)
    {
        var now = time.GetUtcNow();
        var alerts = group.Fingerprints.Select(f => _alerts.GetValueOrDefault(f)).OfType<StoredAlert>().ToList();
        alerts.Sort(StoredAlert.Compare);
        var firing = alerts.Where(a => !a.ResolvedAt(now)).Select(a => a.Fingerprint).ToHashSet(StringComparer.Ordinal);
        var resolved = alerts.Where(a => a.ResolvedAt(now)).Select(a => a.Fingerprint).ToHashSet(StringComparer.Ordinal);
        var receiver = config.Receivers.First(r => r.Name == config.Route.Receiver);
        var repeat = AlertmanagerConfig.Duration(config.Route.RepeatInterval);
        var work = new List<(int, AlertmanagerConfig.WebhookSection, WebhookMessage?, NotificationLogEntry)>();
        for (var i = 0; i < receiver.WebhookConfigs.Count; i++)
        {
            var webhook = receiver.WebhookConfigs[i];
            if (!AggregationGroup.NeedsUpdate(group.Log.GetValueOrDefault(i), firing, resolved, webhook.SendResolved, repeat, now))
            {
                continue;
            }

            var included = webhook.SendResolved ? alerts : alerts.Where(a => !a.ResolvedAt(now)).ToList();
            var entry = new NotificationLogEntry(firing, resolved, now);
            work.Add((i, webhook, included.Count == 0 ? null : WebhookMessages.Build(receiver.Name, group, included, webhook.MaxAlerts, now, options.ExternalUrl), entry));
        }

        return (work, alerts.Where(a => a.ResolvedAt(now)).ToList());
    }

    /// <summary>Resolved alerts that were notified leave the group (and the store, unless they fired again meanwhile).</summary>
    private void Forget(AggregationGroup group, List<StoredAlert> resolvedAlerts)
    {
        foreach (var alert in resolvedAlerts)
        {
            if (_alerts.TryGetValue(alert.Fingerprint, out var current) && current == alert)
            {
                _alerts.Remove(alert.Fingerprint);
                group.Fingerprints.Remove(alert.Fingerprint);
            }
        }

        if (group.Fingerprints.Count == 0)
        {
            group.Timer?.Dispose();
            _groups.Remove(group.Key);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "flushing alert group {GroupKey} failed")]
    private static partial void LogFlushFailed(ILogger logger, string groupKey, Exception exception);
}
