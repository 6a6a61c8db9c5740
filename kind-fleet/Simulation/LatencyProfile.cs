namespace Kubernaut.KindFleet.Simulation;

/// <summary>
/// Spreads a number of requests over latency values so that Prometheus' <c>histogram_quantile</c> over the default
/// buckets returns the intended p99: 1% of the requests land in the bucket that holds the p99, split so that the
/// linear interpolation inside it lands on the target; half sit at the p50.
/// </summary>
internal static class LatencyProfile
{
    public static IEnumerable<(double Seconds, double Share)> Shares(double p50, double p99, IReadOnlyList<double> buckets)
    {
        var upper = buckets.FirstOrDefault(b => b >= p99, buckets[^1]);
        var index = IndexOf(buckets, upper);
        var lower = index == 0 ? 0 : buckets[index - 1];
        var x = upper > lower ? Math.Clamp((p99 - lower) / (upper - lower), 0, 1) : 1;
        var below = 0.99 - (0.01 * x);
        var half = Math.Min(0.5, below);
        yield return (Math.Min(p50, lower > 0 ? lower : p50), half);
        yield return (lower > 0 ? lower : upper, below - half);
        yield return (upper, 0.01);
        yield return (upper * 1.5, 0.01 * x);
    }

    private static int IndexOf(IReadOnlyList<double> buckets, double value)
    {
        for (var i = 0; i < buckets.Count; i++)
        {
            if (buckets[i] >= value)
            {
                return i;
            }
        }

        return buckets.Count - 1;
    }
}
