using Kubernaut.Hub.Investigation.Engine;
using Kubernaut.Hub.Thanos;

namespace Kubernaut.Hub.Tests.Investigation;

/// <summary>A workload that started inside the lookback warms up; that ramp is not an incident's onset.</summary>
public sealed class MetricsWarmUpTests
{
    private static readonly DateTimeOffset RangeStart = new(2026, 11, 30, 13, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Rise_WarmUpRampThenSteady_NoneOnceTheWarmUpIsDropped()
    {
        // The series begins at 14:02, ramps 245 → 357 Mi until 14:04:30 (as a started pod does), then holds until 14:09.
        var samples = Series(RangeStart.AddMinutes(62), 15, i => i < 6 ? 245 + (i * 22.4) : 357);

        Assert.NotNull(StepChange.Rise(samples, 1.25));
        Assert.Null(StepChange.Rise(MetricsStep.AfterWarmUp(samples, RangeStart), 1.25));
    }

    [Fact]
    public void Rise_RealStepAfterTheWarmUp_StillFoundAtItsOnset()
    {
        var begins = RangeStart.AddMinutes(62);
        var samples = Series(begins, 60, i => i < 6 ? 245 + (i * 22.4) : i < 30 ? 357 : 512);

        var rise = StepChange.Rise(MetricsStep.AfterWarmUp(samples, RangeStart), 1.25);

        Assert.NotNull(rise);
        Assert.Equal(begins.AddMinutes(15), rise.Onset);
        Assert.Equal(357, rise.Before);
    }

    [Fact]
    public void AfterWarmUp_SeriesOlderThanTheRange_Unchanged()
    {
        var samples = Series(RangeStart, 20, i => i < 10 ? 100 : 300);

        Assert.Same(samples, MetricsStep.AfterWarmUp(samples, RangeStart));
    }

    private static List<PromSample> Series(DateTimeOffset first, int count, Func<int, double> value) =>
        [.. Enumerable.Range(0, count).Select(i => new PromSample(first + (MetricsStep.Step * i), value(i)))];
}
