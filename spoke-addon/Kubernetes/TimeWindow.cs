using System.Globalization;
using System.Text.RegularExpressions;
using ModelContextProtocol;

namespace Kubernaut.SpokeAddon.Kubernetes;

/// <summary>Parses "since" arguments: a Go-style duration back from now (<c>30m</c>, <c>1h30m</c>, <c>2d</c>) or an RFC 3339 instant.</summary>
internal static partial class TimeWindow
{
    public static DateTimeOffset? Since(string? since, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(since))
        {
            return null;
        }

        var match = DurationPattern().Match(since.Trim());
        if (match.Success)
        {
            var total = TimeSpan.Zero;
            foreach (Capture part in match.Groups["part"].Captures)
            {
                var unit = part.Value[^1];
                var amount = double.Parse(part.Value[..^1], CultureInfo.InvariantCulture);
                total += unit switch
                {
                    'd' => TimeSpan.FromDays(amount),
                    'h' => TimeSpan.FromHours(amount),
                    'm' => TimeSpan.FromMinutes(amount),
                    _ => TimeSpan.FromSeconds(amount),
                };
            }

            return time.GetUtcNow() - total;
        }

        if (DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant;
        }

        throw new McpException($"since: '{since}' is neither a duration like 30m / 2h / 1h30m nor an RFC 3339 time");
    }

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?[smhd])+$")]
    private static partial Regex DurationPattern();
}
