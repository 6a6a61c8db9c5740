using System.Globalization;
using System.Text.RegularExpressions;
using Kubernaut.KindFleet.Metrics;

namespace Kubernaut.KindFleet.Alerting;

/// <summary>
/// The subset of Prometheus' alert templating that rule files use: <c>{{ $labels.x }}</c>, <c>{{ $value }}</c>
/// (and <c>.Labels.x</c> / <c>.Value</c>), piped through humanize, humanizePercentage, humanize1024,
/// humanizeDuration, toUpper, toLower or <c>printf "%.2f"</c>. Anything else is left as written.
/// </summary>
internal static partial class AlertTemplate
{
    public static string Expand(string text, IReadOnlyDictionary<string, string> labels, double value) =>
        Action().Replace(text, m => Evaluate(m.Groups[1].Value.Trim(), labels, value) ?? m.Value);

    private static string? Evaluate(string pipeline, IReadOnlyDictionary<string, string> labels, double value)
    {
        var stages = pipeline.Split('|').Select(s => s.Trim()).ToList();
        object? current = Operand(stages[0], labels, value, out var handled);
        if (!handled)
        {
            return null;
        }

        foreach (var stage in stages.Skip(1))
        {
            current = Apply(stage, current);
            if (current is null)
            {
                return null;
            }
        }

        return current switch
        {
            double d => GoFloat.FormatG(d),
            _ => current?.ToString() ?? "",
        };
    }

    private static object? Operand(string expr, IReadOnlyDictionary<string, string> labels, double value, out bool handled)
    {
        handled = true;
        if (expr is "$value" or ".Value")
        {
            return value;
        }

        var label = LabelRef().Match(expr);
        if (label.Success)
        {
            return labels.GetValueOrDefault(label.Groups[1].Value, "");
        }

        var printf = Printf().Match(expr);
        if (printf.Success)
        {
            var arg = Operand(printf.Groups[2].Value, labels, value, out handled);
            return handled ? Format(printf.Groups[1].Value, arg) : null;
        }

        handled = false;
        return null;
    }

    private static object? Apply(string stage, object? input)
    {
        var printf = PrintfStage().Match(stage);
        if (printf.Success)
        {
            return Format(printf.Groups[1].Value, input);
        }

        var d = input as double? ?? (double.TryParse(input?.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : (double?)null);
        return stage switch
        {
            "humanize" when d is { } v => Humanize(v, 1000, ["k", "M", "G", "T", "P", "E", "Z", "Y"], ["m", "u", "n", "p", "f", "a", "z", "y"]),
            "humanize1024" when d is { } v => Humanize(v, 1024, ["ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"], []),
            "humanizePercentage" when d is { } v => G4(v * 100) + "%",
            "humanizeDuration" when d is { } v => HumanizeDuration(v),
            "toUpper" => input?.ToString()?.ToUpperInvariant(),
            "toLower" => input?.ToString()?.ToLowerInvariant(),
            _ => null,
        };
    }

    private static string Humanize(double v, double unit, string[] up, string[] down)
    {
        if (v == 0 || double.IsNaN(v) || double.IsInfinity(v))
        {
            return G4(v);
        }

        var prefix = "";
        if (Math.Abs(v) >= 1)
        {
            foreach (var p in up)
            {
                if (Math.Abs(v) < unit)
                {
                    break;
                }

                prefix = p;
                v /= unit;
            }
        }
        else
        {
            foreach (var p in down)
            {
                if (Math.Abs(v) >= 1)
                {
                    break;
                }

                prefix = p;
                v *= 1000;
            }
        }

        return G4(v) + prefix;
    }

    private static string HumanizeDuration(double seconds)
    {
        if (Math.Abs(seconds) < 1)
        {
            return Humanize(seconds, 1000, [], ["m", "u", "n", "p", "f", "a", "z", "y"]) + "s";
        }

        var t = TimeSpan.FromSeconds(Math.Abs(seconds));
        var parts = new List<string>();
        if (t.Days > 0)
        {
            parts.Add($"{t.Days}d");
        }

        if (t.Hours > 0)
        {
            parts.Add($"{t.Hours}h");
        }

        if (t.Minutes > 0)
        {
            parts.Add($"{t.Minutes}m");
        }

        parts.Add($"{t.Seconds}s");
        return (seconds < 0 ? "-" : "") + string.Join(" ", parts);
    }

    private static string G4(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    private static string? Format(string format, object? arg) => FormatVerb().Replace(format, m =>
    {
        var precision = m.Groups[1].Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : (int?)null;
        var d = arg as double? ?? (double.TryParse(arg?.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var p) ? p : double.NaN);
        return m.Groups[2].Value switch
        {
            "f" => d.ToString("F" + (precision ?? 6), CultureInfo.InvariantCulture),
            "d" => ((long)d).ToString(CultureInfo.InvariantCulture),
            "g" => precision is { } g ? d.ToString("G" + g, CultureInfo.InvariantCulture) : GoFloat.FormatG(d),
            _ => arg is double v ? GoFloat.FormatG(v) : arg?.ToString() ?? "",
        };
    });

    [GeneratedRegex(@"\{\{-?(.+?)-?\}\}", RegexOptions.Singleline)]
    private static partial Regex Action();

    [GeneratedRegex(@"^(?:\$labels|\.Labels)\.([A-Za-z_][A-Za-z0-9_]*)$")]
    private static partial Regex LabelRef();

    [GeneratedRegex("^printf\\s+\"([^\"]*)\"\\s+(\\S+)$")]
    private static partial Regex Printf();

    [GeneratedRegex("^printf\\s+\"([^\"]*)\"$")]
    private static partial Regex PrintfStage();

    [GeneratedRegex(@"%(?:\.(\d+))?([fdgsv])")]
    private static partial Regex FormatVerb();
}
