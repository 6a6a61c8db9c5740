using System.Collections.Concurrent;

namespace Kubernaut.KindFleet.Metrics;

/// <summary>One stored sample: milliseconds since the Unix epoch (simulated time) and a value.</summary>
internal readonly record struct StoredSample(long TimestampMs, double Value);

/// <summary>A selected series: its labels and its samples in time order.</summary>
internal sealed record StoredSeries(LabelSet Labels, IReadOnlyList<StoredSample> Samples);

/// <summary>
/// A bounded in-memory TSDB: series indexed by metric name, samples kept in time order (backfilled samples are
/// inserted in place; a second sample at the same timestamp replaces the first), trimmed to a retention window
/// behind each series' newest sample and to a per-series cap.
/// </summary>
internal sealed class TimeSeriesStore(TimeSpan retention, int maxSamplesPerSeries = 20_000)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<LabelSet, SeriesData>> _byName = new(StringComparer.Ordinal);

    public TimeSeriesStore()
        : this(TimeSpan.FromHours(6))
    {
    }

    public TimeSpan Retention { get; } = retention;

    public void Append(LabelSet labels, long timestampMs, double value)
    {
        var name = labels.Name ?? throw new ArgumentException("a stored series needs __name__", nameof(labels));
        var series = _byName.GetOrAdd(name, _ => new()).GetOrAdd(labels, _ => new SeriesData());
        series.Append(timestampMs, value, (long)Retention.TotalMilliseconds, maxSamplesPerSeries);
    }

    public void Append(LabelSet labels, DateTimeOffset at, double value) => Append(labels, at.ToUnixTimeMilliseconds(), value);

    /// <summary>Series matching every matcher, with their samples in [minMs, maxMs] (stale markers included).</summary>
    public IReadOnlyList<StoredSeries> Select(IReadOnlyList<LabelMatcher> matchers, long minMs, long maxMs)
    {
        var result = new List<StoredSeries>();
        foreach (var (_, series) in Candidates(matchers))
        {
            foreach (var (labels, data) in series)
            {
                if (matchers.All(m => m.Matches(labels)))
                {
                    var samples = data.Range(minMs, maxMs);
                    if (samples.Count > 0)
                    {
                        result.Add(new StoredSeries(labels, samples));
                    }
                }
            }
        }

        return result;
    }

    public IReadOnlyList<string> LabelNames(IReadOnlyList<LabelMatcher>? matchers, long minMs, long maxMs) =>
        [.. SeriesLabels(matchers, minMs, maxMs).SelectMany(l => l.Select(p => p.Key)).Distinct().Order(StringComparer.Ordinal)];

    public IReadOnlyList<string> LabelValues(string name, IReadOnlyList<LabelMatcher>? matchers, long minMs, long maxMs) =>
        [.. SeriesLabels(matchers, minMs, maxMs).Select(l => l.Get(name)).OfType<string>().Distinct().Order(StringComparer.Ordinal)];

    /// <summary>Label sets of series with any real sample in the window (all series when no matchers).</summary>
    public IEnumerable<LabelSet> SeriesLabels(IReadOnlyList<LabelMatcher>? matchers, long minMs, long maxMs)
    {
        var all = matchers is null || matchers.Count == 0;
        foreach (var (_, series) in all ? _byName : Candidates(matchers!))
        {
            foreach (var (labels, data) in series)
            {
                if ((all || matchers!.All(m => m.Matches(labels))) && data.Range(minMs, maxMs).Any(s => !StaleMarker.Is(s.Value)))
                {
                    yield return labels;
                }
            }
        }
    }

    /// <summary>Forgets everything (a test replays another scraper's samples, say).</summary>
    public void Clear() => _byName.Clear();

    private IEnumerable<KeyValuePair<string, ConcurrentDictionary<LabelSet, SeriesData>>> Candidates(IReadOnlyList<LabelMatcher> matchers)
    {
        var byName = matchers.FirstOrDefault(m => m.Name == LabelSet.MetricName && m.Type == LabelMatchType.Equal);
        if (byName is not null)
        {
            return _byName.TryGetValue(byName.Value, out var s) ? [KeyValuePair.Create(byName.Value, s)] : [];
        }

        return _byName;
    }

    private sealed class SeriesData
    {
        private readonly Lock _lock = new();
        private readonly List<StoredSample> _samples = [];

        public void Append(long ts, double value, long retentionMs, int cap)
        {
            lock (_lock)
            {
                var sample = new StoredSample(ts, value);
                if (_samples.Count == 0 || _samples[^1].TimestampMs < ts)
                {
                    _samples.Add(sample);
                }
                else
                {
                    var i = IndexAtOrAfter(ts);
                    if (i < _samples.Count && _samples[i].TimestampMs == ts)
                    {
                        _samples[i] = sample;
                    }
                    else
                    {
                        _samples.Insert(i, sample);
                    }
                }

                var drop = Math.Max(IndexAtOrAfter(_samples[^1].TimestampMs - retentionMs), _samples.Count - cap);
                if (drop > 0)
                {
                    _samples.RemoveRange(0, drop);
                }
            }
        }

        public IReadOnlyList<StoredSample> Range(long minMs, long maxMs)
        {
            lock (_lock)
            {
                var from = IndexAtOrAfter(minMs);
                var to = IndexAtOrAfter(maxMs == long.MaxValue ? maxMs : maxMs + 1);
                return to > from ? _samples.GetRange(from, to - from) : [];
            }
        }

        private int IndexAtOrAfter(long ts)
        {
            int lo = 0, hi = _samples.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (_samples[mid].TimestampMs < ts)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }
    }
}
