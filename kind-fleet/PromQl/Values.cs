using Kubernaut.KindFleet.Metrics;

namespace Kubernaut.KindFleet.PromQl;

/// <summary>A PromQL evaluation result.</summary>
internal abstract record QueryValue;

internal sealed record ScalarResult(long TimestampMs, double Value) : QueryValue;

internal sealed record StringResult(long TimestampMs, string Value) : QueryValue;

internal readonly record struct Sample(LabelSet Labels, double Value);

internal sealed record VectorResult(long TimestampMs, IReadOnlyList<Sample> Samples) : QueryValue;

internal readonly record struct Point(long TimestampMs, double Value);

internal sealed record Series(LabelSet Labels, IReadOnlyList<Point> Points);

internal sealed record MatrixResult(IReadOnlyList<Series> Series) : QueryValue;
