using Kubernaut.Hub.Thanos;

namespace Kubernaut.Hub.Investigation.Engine;

/// <summary>
/// How a metric moved over the lookback: its level before, its level after, when it crossed halfway between them
/// (the onset) and how long the crossing took (sudden or gradual). Read from samples, oldest first.
/// </summary>
internal sealed record StepChange(double Before, double After, double Peak, DateTimeOffset PeakAt, DateTimeOffset Onset, TimeSpan RiseTime)
{
    /// <summary>A rise within a few minutes is a step (something happened), a longer one a trend (load growing).</summary>
    public bool Sudden => RiseTime <= TimeSpan.FromMinutes(5);

    public double Factor => Before > 0 ? After / Before : double.PositiveInfinity;

    /// <summary>
    /// The rise of <paramref name="samples"/> when the level after it is at least <paramref name="minFactor"/> times
    /// the level before; null when it did not rise (or there are too few samples to tell).
    /// </summary>
    public static StepChange? Rise(IReadOnlyList<PromSample> samples, double minFactor)
    {
        if (samples.Count < 4)
        {
            return null;
        }

        var before = Median(samples.Take(Math.Max(2, samples.Count / 4)).Select(s => s.Value));
        var peakSample = samples.MaxBy(s => s.Value)!;
        if (peakSample.Value < before * minFactor || peakSample.Value - before <= 0)
        {
            return null;
        }

        var half = before + ((peakSample.Value - before) / 2);
        var onsetIndex = -1;
        for (var i = 0; i < samples.Count; i++)
        {
            if (samples[i].Value >= half)
            {
                onsetIndex = i;
                break;
            }
        }

        // "Before" is re-read as the level just before the onset; the start of the range may predate the workload's steady state.
        var prior = samples.Take(onsetIndex).ToList();
        if (prior.Count >= 2)
        {
            before = Median(prior.Skip(prior.Count / 2).Select(s => s.Value));
        }

        var after = Median(samples.Skip(onsetIndex).Select(s => s.Value));
        var lastLow = prior.LastOrDefault(s => s.Value <= before * 1.1)?.At ?? samples[onsetIndex].At;
        var firstHigh = samples.Skip(onsetIndex).FirstOrDefault(s => s.Value >= after * 0.9)?.At ?? samples[onsetIndex].At;
        return after < before * minFactor && peakSample.Value < before * minFactor
            ? null
            : new StepChange(before, after, peakSample.Value, peakSample.At, samples[onsetIndex].At, firstHigh - lastLow);
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
