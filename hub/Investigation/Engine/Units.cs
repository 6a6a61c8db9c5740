using System.Globalization;

namespace Kubernaut.Hub.Investigation.Engine;

/// <summary>Reading Kubernetes quantities and writing numbers the way an SRE says them (623Mi, 2.4s, 120ms, 03:14 UTC).</summary>
internal static class Units
{
    private const double MiB = 1024 * 1024;

    public static double? Bytes(string? quantity)
    {
        if (string.IsNullOrWhiteSpace(quantity))
        {
            return null;
        }

        (string Suffix, double Factor)[] suffixes =
            [("Ki", 1024), ("Mi", MiB), ("Gi", MiB * 1024), ("Ti", MiB * 1024 * 1024), ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12)];
        foreach (var (suffix, factor) in suffixes)
        {
            if (quantity.EndsWith(suffix, StringComparison.Ordinal) &&
                double.TryParse(quantity[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                return v * factor;
            }
        }

        return double.TryParse(quantity, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain) ? plain : null;
    }

    public static string Mi(double bytes) => Math.Round(bytes / MiB).ToString("0", CultureInfo.InvariantCulture) + "Mi";

    /// <summary>Durations to two significant figures, as people quote latencies (0.1213 s → 120ms, 2.41 s → 2.4s).</summary>
    public static string Seconds(double seconds)
    {
        if (seconds >= 1)
        {
            return seconds.ToString(seconds >= 10 ? "0" : "0.#", CultureInfo.InvariantCulture) + "s";
        }

        var ms = seconds * 1000;
        var magnitude = ms >= 100 ? 10 : 1;
        return (Math.Round(ms / magnitude) * magnitude).ToString("0", CultureInfo.InvariantCulture) + "ms";
    }

    public static string Number(double value) => value.ToString(value >= 100 || value == Math.Round(value) ? "0" : "0.#", CultureInfo.InvariantCulture);

    public static string Percent(double ratio) => (ratio * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    public static string Clock(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture) + " UTC";

    public static string ClockSeconds(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    public static string Span(TimeSpan span) => span.TotalMinutes >= 90
        ? $"{span.TotalHours:0.#} h"
        : span.TotalSeconds >= 90 ? $"{span.TotalMinutes:0} min" : $"{Math.Max(0, span.TotalSeconds):0} s";

    public static string Plural(int n, string one, string many) => n == 1 ? $"1 {one}" : $"{n} {many}";

    public static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
