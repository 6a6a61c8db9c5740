namespace Kubernaut.KindFleet.PromQl;

/// <summary>Functions over range vectors, ported from Prometheus 2.x <c>promql/functions.go</c>.</summary>
internal static partial class Functions
{
    /// <summary>Applies <paramref name="f"/> to each series' points; a null result drops the series.</summary>
    private static VectorResult OverTime(FunctionContext c, Func<IReadOnlyList<Point>, double?> f, bool keepName = false)
    {
        var result = new List<Sample>();
        foreach (var series in c.Range())
        {
            if (f(series.Points) is { } v)
            {
                // last_over_time acts like an offset and keeps the metric name; the others change its meaning.
                result.Add(new Sample(keepName ? series.Labels : series.Labels.WithoutName(), v));
            }
        }

        return c.Out(result);
    }

    /// <summary>rate/increase/delta: the change over the window, extrapolated towards the window's edges.</summary>
    private static VectorResult ExtrapolatedRate(FunctionContext c, bool isCounter, bool isRate)
    {
        var ms = c.RangeSelector;
        var rangeEnd = c.Time - (long)ms.Selector.Offset.TotalMilliseconds;
        var rangeStart = rangeEnd - (long)ms.Range.TotalMilliseconds;
        return OverTime(c, points =>
        {
            if (points.Count < 2)
            {
                return null;
            }

            var first = points[0];
            var last = points[^1];
            var result = last.Value - first.Value;
            if (isCounter)
            {
                var previous = 0.0;
                foreach (var p in points)
                {
                    if (p.Value < previous)
                    {
                        result += previous;
                    }

                    previous = p.Value;
                }
            }

            var durationToStart = (first.TimestampMs - rangeStart) / 1000.0;
            var durationToEnd = (rangeEnd - last.TimestampMs) / 1000.0;
            var sampledInterval = (last.TimestampMs - first.TimestampMs) / 1000.0;
            var averageDurationBetweenSamples = sampledInterval / (points.Count - 1);
            if (isCounter && result > 0 && first.Value >= 0)
            {
                // A counter cannot have been below zero: don't extrapolate further back than where it would be 0.
                var durationToZero = sampledInterval * (first.Value / result);
                durationToStart = Math.Min(durationToStart, durationToZero);
            }

            var threshold = averageDurationBetweenSamples * 1.1;
            var extrapolateTo = sampledInterval;
            extrapolateTo += durationToStart < threshold ? durationToStart : averageDurationBetweenSamples / 2;
            extrapolateTo += durationToEnd < threshold ? durationToEnd : averageDurationBetweenSamples / 2;
            result *= extrapolateTo / sampledInterval;
            return isRate ? result / ms.Range.TotalSeconds : result;
        });
    }

    private static VectorResult InstantRate(FunctionContext c, bool isRate) => OverTime(c, points =>
    {
        if (points.Count < 2)
        {
            return null;
        }

        var last = points[^1];
        var previous = points[^2];
        var result = isRate && last.Value < previous.Value ? last.Value : last.Value - previous.Value;
        var interval = last.TimestampMs - previous.TimestampMs;
        if (interval == 0)
        {
            return null;
        }

        return isRate ? result / (interval / 1000.0) : result;
    });

    private static VectorResult PredictLinear(FunctionContext c)
    {
        var duration = c.Scalar(1);
        return OverTime(c, p =>
        {
            if (p.Count < 2)
            {
                return null;
            }

            var (slope, intercept) = LinearRegression(p, c.Time);
            return intercept + (slope * duration);
        });
    }

    /// <summary>Least-squares fit; x in seconds relative to <paramref name="interceptTimeMs"/>.</summary>
    private static (double Slope, double Intercept) LinearRegression(IReadOnlyList<Point> points, long interceptTimeMs)
    {
        double n = 0, sumX = 0, cX = 0, sumY = 0, cY = 0, sumXY = 0, cXY = 0, sumX2 = 0, cX2 = 0;
        var initY = points[0].Value;
        var constY = true;
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            constY &= i == 0 || p.Value == initY;
            n++;
            var x = (p.TimestampMs - interceptTimeMs) / 1e3;
            (sumX, cX) = KahanSumInc(x, sumX, cX);
            (sumY, cY) = KahanSumInc(p.Value, sumY, cY);
            (sumXY, cXY) = KahanSumInc(x * p.Value, sumXY, cXY);
            (sumX2, cX2) = KahanSumInc(x * x, sumX2, cX2);
        }

        if (constY)
        {
            return double.IsInfinity(initY) ? (double.NaN, double.NaN) : (0, initY);
        }

        sumX += cX;
        sumY += cY;
        sumXY += cXY;
        sumX2 += cX2;
        var covXY = sumXY - (sumX * sumY / n);
        var varX = sumX2 - (sumX * sumX / n);
        var slope = covXY / varX;
        return (slope, (sumY / n) - (slope * sumX / n));
    }

    private static double AverageOf(IReadOnlyList<Point> points)
    {
        double mean = 0, count = 0, c = 0;
        foreach (var p in points)
        {
            count++;
            (mean, c) = KahanSumInc((p.Value / count) - (mean / count), mean, c);
        }

        return double.IsInfinity(mean) ? mean : mean + c;
    }

    private static double Variance(IReadOnlyList<Point> points)
    {
        double count = 0, mean = 0, cMean = 0, aux = 0, cAux = 0;
        foreach (var p in points)
        {
            count++;
            var delta = p.Value - (mean + cMean);
            (mean, cMean) = KahanSumInc(delta / count, mean, cMean);
            (aux, cAux) = KahanSumInc(delta * (p.Value - (mean + cMean)), aux, cAux);
        }

        return (aux + cAux) / count;
    }

    private static double KahanSum(IEnumerable<double> values)
    {
        double sum = 0, c = 0;
        foreach (var v in values)
        {
            (sum, c) = KahanSumInc(v, sum, c);
        }

        return double.IsInfinity(sum) ? sum : sum + c;
    }

    /// <summary>Neumaier's improved Kahan summation step, as Prometheus uses it.</summary>
    private static (double Sum, double C) KahanSumInc(double inc, double sum, double c)
    {
        var t = sum + inc;
        c += Math.Abs(sum) >= Math.Abs(inc) ? (sum - t) + inc : (inc - t) + sum;
        return (t, c);
    }
}
