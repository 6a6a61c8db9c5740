namespace Kubernaut.KindFleet.Metrics;

/// <summary>
/// How the workload simulation writes metrics. Children are identified by their labels (which should include
/// <c>cluster</c>); a family used before it is described gets the type its first write implies.
/// </summary>
internal interface IFleetMetrics
{
    /// <summary>Declares a family's type, help text and (for histograms) bucket upper bounds.</summary>
    void Describe(string name, MetricType type, string help, IReadOnlyList<double>? buckets = null);

    /// <summary>Sets a gauge, or a counter to an absolute value the simulation computed.</summary>
    void Set(string name, LabelSet labels, double value);

    /// <summary>Adds to a counter (non-negative delta) or a gauge.</summary>
    void Add(string name, LabelSet labels, double delta);

    /// <summary>Records <paramref name="count"/> observations of <paramref name="value"/> in a histogram.</summary>
    void Observe(string name, LabelSet labels, double value, long count = 1);

    /// <summary>Removes one child (the pod is gone); the next scrape marks its series stale.</summary>
    bool Remove(string name, LabelSet labels);

    /// <summary>Removes every child of every family whose labels match all the given ones.</summary>
    int RemoveWhere(LabelSet labels);
}
