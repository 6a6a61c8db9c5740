using System.Globalization;
using Kubernaut.KindFleet.Metrics;

namespace Kubernaut.KindFleet.PromQl;

/// <summary>histogram_quantile over classic <c>_bucket{le}</c> series, with Prometheus' interpolation rules.</summary>
internal static class HistogramQuantile
{
    public static QueryValue Evaluate(FunctionContext c)
    {
        var q = c.Scalar(0);
        var groups = new Dictionary<LabelSet, List<(double UpperBound, double Count)>>();
        foreach (var s in c.Vector(1))
        {
            if (ParseBound(s.Labels.Get("le")) is not { } bound)
            {
                continue;
            }

            var key = s.Labels.Without("le", LabelSet.MetricName);
            if (!groups.TryGetValue(key, out var buckets))
            {
                groups[key] = buckets = [];
            }

            buckets.Add((bound, s.Value));
        }

        return c.Out(groups.Select(g => new Sample(g.Key, BucketQuantile(q, g.Value))));
    }

    internal static double BucketQuantile(double q, List<(double UpperBound, double Count)> input)
    {
        if (q < 0)
        {
            return double.NegativeInfinity;
        }

        if (q > 1)
        {
            return double.PositiveInfinity;
        }

        var buckets = input.OrderBy(b => b.UpperBound).ToList();
        if (!double.IsPositiveInfinity(buckets[^1].UpperBound))
        {
            return double.NaN;
        }

        // Coalesce buckets with the same bound, then force the counts to be monotonic (scrapes can race).
        buckets = [.. buckets.GroupBy(b => b.UpperBound).Select(g => (g.Key, g.Sum(b => b.Count)))];
        var max = double.NegativeInfinity;
        for (var i = 0; i < buckets.Count; i++)
        {
            max = Math.Max(max, buckets[i].Count);
            buckets[i] = (buckets[i].UpperBound, max);
        }

        if (buckets.Count < 2)
        {
            return double.NaN;
        }

        var observations = buckets[^1].Count;
        if (observations == 0)
        {
            return double.NaN;
        }

        var rank = q * observations;
        var b = 0;
        while (b < buckets.Count - 1 && buckets[b].Count < rank)
        {
            b++;
        }

        if (b == buckets.Count - 1)
        {
            return buckets[^2].UpperBound;
        }

        if (b == 0 && buckets[0].UpperBound <= 0)
        {
            return buckets[0].UpperBound;
        }

        var bucketStart = 0.0;
        var bucketEnd = buckets[b].UpperBound;
        var count = buckets[b].Count;
        if (b > 0)
        {
            bucketStart = buckets[b - 1].UpperBound;
            count -= buckets[b - 1].Count;
            rank -= buckets[b - 1].Count;
        }

        return bucketStart + ((bucketEnd - bucketStart) * (rank / count));
    }

    /// <summary>Go's ParseFloat, which also reads "+Inf", "Inf" and "-Inf".</summary>
    internal static double? ParseBound(string? le) => le?.ToLowerInvariant() switch
    {
        null => null,
        "+inf" or "inf" or "+infinity" or "infinity" => double.PositiveInfinity,
        "-inf" or "-infinity" => double.NegativeInfinity,
        "nan" => double.NaN,
        _ => double.TryParse(le, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null,
    };
}
