using System.Globalization;
using System.Text.RegularExpressions;

namespace Kubernaut.KindFleet.Ocm;

/// <summary>Go's <c>time.Duration</c> text form (<c>8640h0m0s</c>, <c>1h30m</c>, <c>90s</c>), which OCM APIs use.</summary>
internal static partial class GoDuration
{
    public static TimeSpan? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var matches = Part().Matches(text);
        if (matches.Sum(m => m.Length) != text.Length)
        {
            return null;
        }

        var total = TimeSpan.Zero;
        foreach (Match m in matches)
        {
            var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            total += m.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(value),
                "m" => TimeSpan.FromMinutes(value),
                "s" => TimeSpan.FromSeconds(value),
                "ms" => TimeSpan.FromMilliseconds(value),
                _ => TimeSpan.Zero,
            };
        }

        return total;
    }

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(h|ms|m|s)")]
    private static partial Regex Part();
}
