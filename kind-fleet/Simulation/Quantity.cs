using System.Globalization;

namespace Kubernaut.KindFleet.Simulation;

/// <summary>Kubernetes resource quantities ("512Mi", "1Gi", "500m", "2") as plain numbers.</summary>
internal static class Quantity
{
    public const double MiB = 1024 * 1024;

    /// <summary>Bytes (or plain units) of a quantity; null when absent or unreadable.</summary>
    public static double? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        (string Suffix, double Factor)[] suffixes =
        [
            ("Ki", 1024), ("Mi", MiB), ("Gi", MiB * 1024), ("Ti", MiB * 1024 * 1024),
            ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("m", 1e-3),
        ];
        foreach (var (suffix, factor) in suffixes)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var scaled))
            {
                return scaled * factor;
            }
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain) ? plain : null;
    }

    public static string FormatMiB(double bytes) => ((long)Math.Round(bytes / MiB)).ToString(CultureInfo.InvariantCulture) + "Mi";
}
