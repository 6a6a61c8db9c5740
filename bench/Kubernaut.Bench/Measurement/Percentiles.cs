namespace Kubernaut.Bench.Measurement;

/// <summary>Nearest-rank percentiles over a set of latency samples.</summary>
internal sealed class Percentiles(IEnumerable<TimeSpan> samples)
{
    private readonly TimeSpan[] _sorted = [.. samples.Order()];

    public int Count => _sorted.Length;

    public TimeSpan At(double percentile)
    {
        if (_sorted.Length == 0)
        {
            return TimeSpan.Zero;
        }

        var rank = (int)Math.Ceiling(percentile / 100 * _sorted.Length);
        return _sorted[Math.Clamp(rank - 1, 0, _sorted.Length - 1)];
    }

    public string Summary => $"p50 {Ms(At(50))}  p95 {Ms(At(95))}  p99 {Ms(At(99))}  (n={Count})";

    public static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:0.00} ms";
}
