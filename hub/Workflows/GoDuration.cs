using System.Globalization;
using System.Text.RegularExpressions;

namespace Kubernaut.Hub.Workflows;

/// <summary>Go's duration syntax (<c>5m</c>, <c>1h30m</c>, <c>2.5s</c>, <c>100ms</c>), as catalog entries write windows.</summary>
internal static partial class GoDuration
{
    public static TimeSpan? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || !Whole().IsMatch(text))
        {
            return null;
        }

        var total = TimeSpan.Zero;
        foreach (Match m in Part().Matches(text))
        {
            var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            total += m.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(n),
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                _ => TimeSpan.FromHours(n),
            };
        }

        return total;
    }

    [GeneratedRegex(@"^(\d+(\.\d+)?(ms|s|m|h))+$")]
    private static partial Regex Whole();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|s|m|h)")]
    private static partial Regex Part();
}
