using Kubernaut.KindFleet.Metrics;

namespace Kubernaut.KindFleet.PromQl;

/// <summary>
/// Evaluates PromQL over the fleet's TSDB with Prometheus 2.x semantics: 5-minute lookback with staleness markers,
/// closed range windows [t-range, t], extrapolated rate/increase/delta, and <c>__name__</c> dropped by functions
/// and arithmetic. Range queries evaluate each step from <c>start</c> (no alignment), as Prometheus does.
/// </summary>
internal sealed class PromQlEngine(TimeSeriesStore store)
{
    public const int MaxPointsPerSeries = 11_000;

    public TimeSpan LookbackDelta { get; init; } = TimeSpan.FromMinutes(5);

    public QueryValue Instant(string query, DateTimeOffset at) => Instant(Parser.Parse(query), at.ToUnixTimeMilliseconds());

    public QueryValue Instant(Expr expr, long timestampMs)
    {
        var value = Evaluate(expr, timestampMs);
        if (value is VectorResult v)
        {
            EnsureUniqueLabelSets(v.Samples);
        }

        return value;
    }

    public MatrixResult Range(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step)
    {
        var expr = Parser.Parse(query);
        if (expr.Kind is not (ValueKind.Scalar or ValueKind.Vector))
        {
            throw new PromQlParseException($"invalid expression type \"{Names.Of(expr.Kind)}\" for range query, must be Scalar or instant Vector");
        }

        var startMs = start.ToUnixTimeMilliseconds();
        var endMs = end.ToUnixTimeMilliseconds();
        var stepMs = (long)step.TotalMilliseconds;
        var series = new Dictionary<LabelSet, List<Point>>();
        for (var t = startMs; t <= endMs; t += stepMs)
        {
            var samples = Evaluate(expr, t) switch
            {
                ScalarResult s => [new Sample(LabelSet.Empty, s.Value)],
                VectorResult v => v.Samples,
                _ => [],
            };
            EnsureUniqueLabelSets(samples);
            foreach (var s in samples)
            {
                if (!series.TryGetValue(s.Labels, out var points))
                {
                    series[s.Labels] = points = [];
                }

                points.Add(new Point(t, s.Value));
            }
        }

        return new MatrixResult([.. series.OrderBy(s => s.Key, Comparer<LabelSet>.Create(LabelSet.Compare)).Select(s => new Series(s.Key, s.Value))]);
    }

    internal QueryValue Evaluate(Expr expr, long t) => expr switch
    {
        NumberLiteral n => new ScalarResult(t, n.Value),
        StringLiteral s => new StringResult(t, s.Value),
        Paren p => Evaluate(p.Expr, t),
        Unary u => Negate(Evaluate(u.Expr, t)),
        VectorSelector vs => new VectorResult(t, SelectInstant(vs, t)),
        MatrixSelector ms => new MatrixResult(SelectRange(ms, t)),
        Call c => c.Function.Evaluate(new FunctionContext(this, c, t)),
        Aggregate a => Aggregations.Evaluate(this, a, t),
        Binary b => BinaryOperations.Evaluate(this, b, t),
        _ => throw new PromQlEvalException($"unsupported expression {expr.GetType().Name}"),
    };

    internal VectorResult EvaluateVector(Expr expr, long t) =>
        Evaluate(expr, t) as VectorResult ?? throw new PromQlEvalException($"expected instant vector, got {Names.Of(expr.Kind)}");

    internal double EvaluateScalar(Expr expr, long t) => Evaluate(expr, t) switch
    {
        ScalarResult s => s.Value,
        _ => throw new PromQlEvalException($"expected scalar, got {Names.Of(expr.Kind)}"),
    };

    /// <summary>Each matching series' newest sample within the lookback window, unless that sample is a staleness marker.</summary>
    internal IReadOnlyList<Sample> SelectInstant(VectorSelector vs, long t)
    {
        var refTime = t - (long)vs.Offset.TotalMilliseconds;
        var result = new List<Sample>();
        foreach (var series in store.Select(vs.Matchers, refTime - (long)LookbackDelta.TotalMilliseconds, refTime))
        {
            var last = series.Samples[^1];
            if (!StaleMarker.Is(last.Value))
            {
                result.Add(new Sample(series.Labels, last.Value));
            }
        }

        return result;
    }

    /// <summary>Like <see cref="SelectInstant"/>, keeping each sample's own timestamp (for timestamp()).</summary>
    internal IReadOnlyList<(LabelSet Labels, long TimestampMs)> SelectInstantTimestamps(VectorSelector vs, long t)
    {
        var refTime = t - (long)vs.Offset.TotalMilliseconds;
        return [.. store.Select(vs.Matchers, refTime - (long)LookbackDelta.TotalMilliseconds, refTime)
            .Where(s => !StaleMarker.Is(s.Samples[^1].Value))
            .Select(s => (s.Labels, s.Samples[^1].TimestampMs))];
    }

    /// <summary>Samples in [t-offset-range, t-offset], staleness markers dropped (Prometheus 2.x: both ends closed).</summary>
    internal IReadOnlyList<Series> SelectRange(MatrixSelector ms, long t)
    {
        var end = t - (long)ms.Selector.Offset.TotalMilliseconds;
        var start = end - (long)ms.Range.TotalMilliseconds;
        var result = new List<Series>();
        foreach (var series in store.Select(ms.Selector.Matchers, start, end))
        {
            var points = series.Samples.Where(s => !StaleMarker.Is(s.Value)).Select(s => new Point(s.TimestampMs, s.Value)).ToList();
            if (points.Count > 0)
            {
                result.Add(new Series(series.Labels, points));
            }
        }

        return result;
    }

    internal static void EnsureUniqueLabelSets(IReadOnlyList<Sample> samples)
    {
        var seen = new HashSet<LabelSet>();
        foreach (var s in samples)
        {
            if (!seen.Add(s.Labels))
            {
                throw new PromQlEvalException("vector cannot contain metrics with the same labelset");
            }
        }
    }

    private static QueryValue Negate(QueryValue value) => value switch
    {
        ScalarResult s => s with { Value = -s.Value },
        VectorResult v => v with { Samples = [.. v.Samples.Select(s => new Sample(s.Labels.WithoutName(), -s.Value))] },
        _ => throw new PromQlEvalException("unary minus needs a scalar or an instant vector"),
    };
}
