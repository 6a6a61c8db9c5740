using Kubernaut.KindFleet.Metrics;

namespace Kubernaut.KindFleet.PromQl;

/// <summary>sum, avg, min, max, count, group, stddev, stdvar, topk, bottomk, quantile, count_values with by/without.</summary>
internal static class Aggregations
{
    public static VectorResult Evaluate(PromQlEngine engine, Aggregate a, long t)
    {
        var input = engine.EvaluateVector(a.Expr, t).Samples;
        object? param = a.Param switch
        {
            null => null,
            StringLiteral s => s.Value,
            _ => engine.EvaluateScalar(a.Param, t),
        };

        var groups = new List<(LabelSet Labels, List<Sample> Samples)>();
        var index = new Dictionary<LabelSet, int>();
        foreach (var s in input)
        {
            var key = a.Without ? s.Labels.Without(a.Grouping.Append(LabelSet.MetricName)) : s.Labels.Keep(a.Grouping);
            if (!index.TryGetValue(key, out var i))
            {
                index[key] = i = groups.Count;
                groups.Add((key, []));
            }

            groups[i].Samples.Add(s);
        }

        var result = new List<Sample>();
        foreach (var (labels, samples) in groups)
        {
            switch (a.Op)
            {
                case "topk" or "bottomk":
                    result.AddRange(TopK(samples, (double)param!, a.Op == "topk"));
                    break;
                case "count_values":
                    result.AddRange(CountValues(labels, samples, (string)param!));
                    break;
                default:
                    result.Add(new Sample(labels, Reduce(a.Op, samples, param as double?)));
                    break;
            }
        }

        return new VectorResult(t, result);
    }

    private static double Reduce(string op, List<Sample> samples, double? param)
    {
        var values = samples.Select(s => s.Value).ToList();
        switch (op)
        {
            case "sum":
                var sum = 0.0;
                values.ForEach(v => sum += v);
                return sum;
            case "count":
                return values.Count;
            case "group":
                return 1;
            case "max":
                return values.Aggregate((m, v) => m < v || double.IsNaN(m) ? v : m);
            case "min":
                return values.Aggregate((m, v) => m > v || double.IsNaN(m) ? v : m);
            case "avg":
                // Prometheus' incremental mean, kept so results match it to the last bit.
                double mean = values[0], n = 1;
                foreach (var v in values.Skip(1))
                {
                    n++;
                    mean += (v / n) - (mean / n);
                }

                return mean;
            case "stddev" or "stdvar":
                double m2 = values[0], acc = 0, count = 1;
                foreach (var v in values.Skip(1))
                {
                    count++;
                    var delta = v - m2;
                    m2 += delta / count;
                    acc += delta * (v - m2);
                }

                return op == "stdvar" ? acc / count : Math.Sqrt(acc / count);
            case "quantile":
                return Quantile(param!.Value, values);
            default:
                throw new PromQlEvalException($"unknown aggregation {op}");
        }
    }

    /// <summary>Prometheus' φ-quantile over values: linear interpolation between the closest ranks.</summary>
    internal static double Quantile(double q, List<double> values)
    {
        if (values.Count == 0 || double.IsNaN(q))
        {
            return double.NaN;
        }

        if (q < 0)
        {
            return double.NegativeInfinity;
        }

        if (q > 1)
        {
            return double.PositiveInfinity;
        }

        var sorted = values.Order().ToList();
        var rank = q * (sorted.Count - 1);
        var lower = Math.Max(0, (int)Math.Floor(rank));
        var upper = Math.Min(sorted.Count - 1, lower + 1);
        var weight = rank - Math.Floor(rank);
        return (sorted[lower] * (1 - weight)) + (sorted[upper] * weight);
    }

    private static IEnumerable<Sample> TopK(List<Sample> samples, double k, bool top)
    {
        if (k < 1)
        {
            return [];
        }

        var ordered = top
            ? samples.OrderByDescending(s => double.IsNaN(s.Value) ? double.NegativeInfinity : s.Value)
            : samples.OrderBy(s => double.IsNaN(s.Value) ? double.PositiveInfinity : s.Value);
        return ordered.Take((int)Math.Min(k, samples.Count));
    }

    private static IEnumerable<Sample> CountValues(LabelSet group, List<Sample> samples, string label) =>
        samples.GroupBy(s => GoFloat.FormatF(s.Value)).Select(g => new Sample(group.With(label, g.Key), g.Count()));
}
