namespace Kubernaut.KindFleet.Metrics;

/// <summary>
/// Prometheus' staleness marker: a NaN with a distinct bit pattern, written when a series disappears from a scrape so
/// queries stop seeing its last value before the 5-minute lookback runs out.
/// </summary>
internal static class StaleMarker
{
    private const ulong StaleNaNBits = 0x7ff0000000000002;

    public static double Value { get; } = BitConverter.UInt64BitsToDouble(StaleNaNBits);

    public static bool Is(double value) => BitConverter.DoubleToUInt64Bits(value) == StaleNaNBits;
}
