namespace Kubernaut.KindFleet.Metrics;

/// <summary>
/// Samples the registry into the TSDB as a Prometheus scrape would: at the fleet's (simulated) time, with the
/// target labels added, and with staleness markers for series that vanished since the previous scrape.
/// </summary>
internal sealed partial class MetricsRecorder(
    FleetMetricsRegistry registry, TimeSeriesStore store, FleetMetricsOptions options, TimeProvider time, ILogger<MetricsRecorder> logger) : IHostedService, IDisposable
{
    private readonly Lock _lock = new();
    private readonly LabelSet _targetLabels = LabelSet.Of(options.TargetLabels);
    private HashSet<LabelSet> _lastScrape = [];
    private ITimer? _timer;

    /// <summary>Snapshots the registry, stores it at <paramref name="at"/> and returns what was stored (for exposition).</summary>
    public IReadOnlyList<ExposedFamily> Scrape(DateTimeOffset at)
    {
        lock (_lock)
        {
            var families = registry.Snapshot();
            var ts = at.ToUnixTimeMilliseconds();
            var seen = new HashSet<LabelSet>();
            foreach (var sample in families.SelectMany(f => f.Samples))
            {
                var labels = sample.Labels.With(_targetLabels);
                store.Append(labels, ts, sample.Value);
                seen.Add(labels);
            }

            foreach (var gone in _lastScrape.Where(l => !seen.Contains(l)))
            {
                store.Append(gone, ts, StaleMarker.Value);
            }

            _lastScrape = seen;
            return families;
        }
    }

    /// <summary>
    /// Backfill: stores the registry's current values at a past (or future) simulated time, so a scenario can write
    /// the story of the last 30 minutes before it starts playing live. No staleness bookkeeping.
    /// </summary>
    public void RecordAt(DateTimeOffset at)
    {
        var ts = at.ToUnixTimeMilliseconds();
        foreach (var sample in registry.Snapshot().SelectMany(f => f.Samples))
        {
            store.Append(sample.Labels.With(_targetLabels), ts, sample.Value);
        }
    }

    /// <summary>Backfill of one sample of one series (labels without the target labels, with <c>__name__</c>).</summary>
    public void RecordAt(DateTimeOffset at, LabelSet labels, double value) => store.Append(labels.With(_targetLabels), at, value);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.ScrapeInterval > TimeSpan.Zero && !options.RecordOnExposition)
        {
            _timer = time.CreateTimer(_ => Tick(), null, options.ScrapeInterval, options.ScrapeInterval);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _timer?.Dispose();

    private void Tick()
    {
        try
        {
            Scrape(time.GetUtcNow());
        }
        catch (Exception e)
        {
            LogScrapeFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "recording the fleet's metrics failed")]
    private static partial void LogScrapeFailed(ILogger logger, Exception exception);
}
