using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Kubernaut.KindFleet.Metrics;

/// <summary>The fleet's metric families: what <c>/metrics</c> exposes and what the recorder samples.</summary>
internal sealed partial class FleetMetricsRegistry : IFleetMetrics
{
    /// <summary>The default buckets of the Prometheus client libraries.</summary>
    public static readonly IReadOnlyList<double> DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly ConcurrentDictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);

    public void Describe(string name, MetricType type, string help, IReadOnlyList<double>? buckets = null)
    {
        var family = _families.GetOrAdd(name, n => Create(n, type, help, buckets));
        if (family.Type != type)
        {
            throw new InvalidOperationException($"{name} is already a {family.Type}");
        }

        family.Help = help;
    }

    public void Set(string name, LabelSet labels, double value) => Family(name, MetricType.Gauge).Set(labels, value);

    public void Add(string name, LabelSet labels, double delta) =>
        Family(name, name.EndsWith("_total", StringComparison.Ordinal) ? MetricType.Counter : MetricType.Gauge).Add(labels, delta);

    public void Observe(string name, LabelSet labels, double value, long count = 1) => Family(name, MetricType.Histogram).Observe(labels, value, count);

    public bool Remove(string name, LabelSet labels) => _families.TryGetValue(name, out var f) && f.Remove(labels);

    public int RemoveWhere(LabelSet labels) => _families.Values.Sum(f => f.RemoveWhere(labels));

    /// <summary>Every family with at least one child, ordered by name as client libraries expose them.</summary>
    public IReadOnlyList<ExposedFamily> Snapshot() =>
        [.. _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => f.Snapshot()).Where(f => f.Samples.Count > 0)];

    private MetricFamily Family(string name, MetricType impliedType) =>
        _families.GetOrAdd(name, n => Create(n, impliedType, "", null));

    private static MetricFamily Create(string name, MetricType type, string help, IReadOnlyList<double>? buckets)
    {
        if (!MetricNamePattern().IsMatch(name))
        {
            throw new ArgumentException($"invalid metric name {name}", nameof(name));
        }

        var bounds = type == MetricType.Histogram ? [.. (buckets ?? DefaultBuckets).Where(b => !double.IsPositiveInfinity(b)).Order()] : Array.Empty<double>();
        return new MetricFamily(name, type, help, bounds);
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricNamePattern();
}
