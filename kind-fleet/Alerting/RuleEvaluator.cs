using Kubernaut.KindFleet.Metrics;
using Kubernaut.KindFleet.PromQl;

namespace Kubernaut.KindFleet.Alerting;

/// <summary>
/// Prometheus' rule manager over the fleet's TSDB: evaluates each group on its interval (fleet clock), moves alerts
/// pending → firing once <c>for</c> has passed, resolves them when the expression stops returning them, and hands
/// firing and resolved alerts to the Alertmanager stand-in as Prometheus' notifier would. Recording rules write
/// their result back into the TSDB.
/// </summary>
internal sealed partial class RuleEvaluator(
    PromQlEngine engine, TimeSeriesStore store, AlertmanagerStandIn alertmanager, FleetAlertingOptions options, TimeProvider time, ILogger<RuleEvaluator> logger)
    : IHostedService, IDisposable
{
    private static readonly TimeSpan ResolvedRetention = TimeSpan.FromMinutes(15);

    private readonly Lock _lock = new();
    private readonly Dictionary<(string Group, int Rule), Dictionary<LabelSet, RuleAlert>> _active = [];
    private readonly Dictionary<(string Group, int Rule), HashSet<LabelSet>> _alertSeries = [];
    private readonly List<ITimer> _timers = [];
    private IReadOnlyList<RuleGroup> _groups = options.RulesYaml is { } yaml ? AlertRules.Parse(yaml) : [];
    private bool _started;

    /// <summary>Replaces all rule groups (alert state of the old rules is dropped).</summary>
    public void LoadRules(string yaml)
    {
        var groups = AlertRules.Parse(yaml);
        lock (_lock)
        {
            _groups = groups;
            _active.Clear();
            _alertSeries.Clear();
            if (_started)
            {
                StartTimers();
            }
        }
    }

    /// <summary>Every pending and firing alert, for <c>/api/v1/alerts</c>.</summary>
    public IReadOnlyList<RuleAlert> Alerts()
    {
        lock (_lock)
        {
            return [.. _active.Values.SelectMany(a => a.Values).Where(a => a.State != RuleAlertState.Inactive)];
        }
    }

    /// <summary>Evaluates every rule of every group at <paramref name="now"/> (tests and scenarios may drive it directly).</summary>
    public void EvaluateAll(DateTimeOffset now)
    {
        foreach (var group in _groups)
        {
            Evaluate(group, now);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _started = true;
            StartTimers();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _started = false;
            _timers.ForEach(t => t.Dispose());
            _timers.Clear();
        }

        return Task.CompletedTask;
    }

    public void Dispose() => _timers.ForEach(t => t.Dispose());

    private void StartTimers()
    {
        _timers.ForEach(t => t.Dispose());
        _timers.Clear();
        foreach (var group in _groups)
        {
            var interval = group.Interval ?? options.EvaluationInterval;
            _timers.Add(time.CreateTimer(_ => Tick(group), null, interval, interval));
        }
    }

    private void Tick(RuleGroup group)
    {
        try
        {
            Evaluate(group, time.GetUtcNow());
        }
        catch (Exception e)
        {
            LogEvaluationFailed(logger, group.Name, e);
        }
    }

    private void Evaluate(RuleGroup group, DateTimeOffset now)
    {
        var ts = now.ToUnixTimeMilliseconds();
        var interval = group.Interval ?? options.EvaluationInterval;
        var toSend = new List<PostableAlert>();
        lock (_lock)
        {
            for (var i = 0; i < group.Rules.Count; i++)
            {
                var rule = group.Rules[i];
                IReadOnlyList<Sample> samples;
                try
                {
                    samples = engine.Instant(rule.Parsed, ts) switch
                    {
                        VectorResult v => v.Samples,
                        ScalarResult s => [new Sample(LabelSet.Empty, s.Value)],
                        _ => [],
                    };
                }
                catch (PromQlEvalException e)
                {
                    LogRuleFailed(logger, rule.Alert ?? rule.Record ?? "", e.Message);
                    continue;
                }

                if (rule.Record is { } record)
                {
                    foreach (var s in samples)
                    {
                        store.Append(s.Labels.With(LabelSet.Of(rule.Labels)).With(LabelSet.MetricName, record), ts, s.Value);
                    }

                    continue;
                }

                var key = (group.Name, i);
                if (!_active.TryGetValue(key, out var active))
                {
                    _active[key] = active = [];
                }

                Update(rule, active, samples, now);
                RecordAlertSeries(key, active, ts);
                toSend.AddRange(active.Values.Where(a => a.State != RuleAlertState.Pending).Select(a => ToPostable(a, rule, now, interval)));
            }
        }

        if (toSend.Count > 0)
        {
            alertmanager.Ingest(toSend);
        }
    }

    /// <summary>
    /// As Prometheus: every evaluation writes <c>ALERTS{alertname, alertstate="pending|firing", ...} 1</c> for each active
    /// alert, and a staleness marker for a series that ended (resolved, or pending that became firing), so a query can
    /// tell afterwards when an alert was pending and when it fired.
    /// </summary>
    private void RecordAlertSeries((string Group, int Rule) key, Dictionary<LabelSet, RuleAlert> active, long ts)
    {
        var current = new HashSet<LabelSet>();
        foreach (var alert in active.Values.Where(a => a.State != RuleAlertState.Inactive))
        {
            var series = alert.Labels.With("alertstate", alert.State == RuleAlertState.Firing ? "firing" : "pending").With(LabelSet.MetricName, "ALERTS");
            store.Append(series, ts, 1);
            current.Add(series);
        }

        foreach (var ended in _alertSeries.GetValueOrDefault(key, []).Where(s => !current.Contains(s)))
        {
            store.Append(ended, ts, StaleMarker.Value);
        }

        _alertSeries[key] = current;
    }

    private static void Update(AlertRule rule, Dictionary<LabelSet, RuleAlert> active, IReadOnlyList<Sample> samples, DateTimeOffset now)
    {
        var seen = new HashSet<LabelSet>();
        foreach (var s in samples)
        {
            var seriesLabels = s.Labels.WithoutName().ToDictionary();
            var extra = rule.Labels.Select(l => KeyValuePair.Create(l.Key, AlertTemplate.Expand(l.Value, seriesLabels, s.Value)));
            var labels = LabelSet.Of(s.Labels.WithoutName().Concat(extra).Append(KeyValuePair.Create("alertname", rule.Alert!)));
            var annotations = rule.Annotations.ToDictionary(a => a.Key, a => AlertTemplate.Expand(a.Value, seriesLabels, s.Value), StringComparer.Ordinal);
            seen.Add(labels);
            if (active.TryGetValue(labels, out var existing) && existing.State != RuleAlertState.Inactive)
            {
                existing.Value = s.Value;
                existing.Annotations = annotations;
            }
            else
            {
                active[labels] = new RuleAlert(labels) { ActiveAt = now, Value = s.Value, Annotations = annotations };
            }
        }

        foreach (var (labels, alert) in active.ToList())
        {
            if (!seen.Contains(labels))
            {
                if (alert.State == RuleAlertState.Pending || (alert.ResolvedAt is { } r && now - r > ResolvedRetention))
                {
                    active.Remove(labels);
                }
                else if (alert.State != RuleAlertState.Inactive)
                {
                    alert.State = RuleAlertState.Inactive;
                    alert.ResolvedAt = now;
                }

                continue;
            }

            if (alert.State == RuleAlertState.Pending && now - alert.ActiveAt >= rule.For)
            {
                alert.State = RuleAlertState.Firing;
                alert.FiredAt = now;
            }
        }
    }

    private PostableAlert ToPostable(RuleAlert alert, AlertRule rule, DateTimeOffset now, TimeSpan interval)
    {
        // As Prometheus: a firing alert is valid for 4 resend periods; a resolved one ends when it resolved.
        var endsAt = alert.State == RuleAlertState.Inactive ? alert.ResolvedAt!.Value : now + (4 * interval);
        var generator = options.PrometheusUrl.TrimEnd('/') + "/graph?g0.expr=" + Uri.EscapeDataString(rule.Expr) + "&g0.tab=1";
        return new PostableAlert(alert.Labels.ToDictionary().ToDictionary(), alert.Annotations.ToDictionary(), alert.FiredAt, endsAt, generator);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "evaluating rule group {Group} failed")]
    private static partial void LogEvaluationFailed(ILogger logger, string group, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "rule {Rule} could not be evaluated: {Reason}")]
    private static partial void LogRuleFailed(ILogger logger, string rule, string reason);
}

internal enum RuleAlertState
{
    Inactive,
    Pending,
    Firing,
}

/// <summary>One alert of an alerting rule, as Prometheus' rules manager tracks it.</summary>
internal sealed class RuleAlert(LabelSet labels)
{
    public LabelSet Labels { get; } = labels;

    public IReadOnlyDictionary<string, string> Annotations { get; set; } = new Dictionary<string, string>();

    public RuleAlertState State { get; set; } = RuleAlertState.Pending;

    public DateTimeOffset ActiveAt { get; init; }

    public DateTimeOffset? FiredAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public double Value { get; set; }
}
