using Kubernaut.KindFleet.Metrics;

namespace Kubernaut.KindFleet.Simulation;

/// <summary>
/// Writes one pass's gauges for one cluster and removes the series the pass no longer produced (a pod that went away),
/// as kube-state-metrics and cAdvisor stop exposing them. Counters carry fractional increments between passes.
/// One per cluster (passes of one cluster never overlap).
/// </summary>
internal sealed class GaugeWriter(IFleetMetrics metrics)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Name, LabelSet Labels), double> _remainders = [];
    private HashSet<(string Name, LabelSet Labels)> _previous = [];
    private HashSet<(string Name, LabelSet Labels)> _current = [];

    public void Set(string name, LabelSet labels, double value)
    {
        metrics.Set(name, labels, value);
        _current.Add((name, labels));
    }

    /// <summary>Adds to a counter, keeping the fraction for next time when <paramref name="whole"/> (request counts).</summary>
    public void Add(string name, LabelSet labels, double delta, bool whole = false)
    {
        _current.Add((name, labels));
        if (!whole)
        {
            metrics.Add(name, labels, delta);
            return;
        }

        lock (_lock)
        {
            var total = _remainders.GetValueOrDefault((name, labels)) + delta;
            var integral = Math.Floor(total);
            _remainders[(name, labels)] = total - integral;
            metrics.Add(name, labels, integral);
        }
    }

    public void Observe(string name, LabelSet labels, double value, double count)
    {
        _current.Add((name, labels));
        lock (_lock)
        {
            var key = (name, labels.With("__observed", value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var total = _remainders.GetValueOrDefault(key) + count;
            var integral = Math.Floor(total);
            _remainders[key] = total - integral;
            if (integral > 0)
            {
                metrics.Observe(name, labels, value, (long)integral);
            }
        }
    }

    public void Commit()
    {
        foreach (var gone in _previous.Where(p => !_current.Contains(p)))
        {
            metrics.Remove(gone.Name, gone.Labels);
            lock (_lock)
            {
                _remainders.Remove(gone);
            }
        }

        _previous = _current;
        _current = [];
    }
}
