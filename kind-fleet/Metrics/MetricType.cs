namespace Kubernaut.KindFleet.Metrics;

internal enum MetricType
{
    Counter,
    Gauge,
    Histogram,
}

/// <summary>One sample as exposed or stored: full labels (with <c>__name__</c>) and a value.</summary>
internal readonly record struct MetricSample(LabelSet Labels, double Value);

/// <summary>One family as exposed at <c>/metrics</c>: HELP, TYPE and its samples in exposition order.</summary>
internal sealed record ExposedFamily(string Name, MetricType Type, string Help, IReadOnlyList<MetricSample> Samples);
