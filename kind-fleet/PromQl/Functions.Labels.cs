using System.Text.RegularExpressions;
using Kubernaut.KindFleet.Metrics;

namespace Kubernaut.KindFleet.PromQl;

/// <summary>label_replace, label_join and the date functions.</summary>
internal static partial class Functions
{
    private static VectorResult LabelReplace(FunctionContext c)
    {
        var (dst, replacement, src, pattern) = (c.String(1), c.String(2), c.String(3), c.String(4));
        Regex regex;
        try
        {
            regex = new Regex("^(?:" + pattern + ")$", RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw new PromQlEvalException($"invalid regular expression in label_replace(): {pattern}: {e.Message}");
        }

        return c.Out(c.Vector(0).Select(s =>
        {
            var m = regex.Match(s.Labels.Get(src) ?? "");
            return m.Success ? new Sample(s.Labels.With(dst, m.Result(GoTemplate(replacement))), s.Value) : s;
        }));
    }

    private static VectorResult LabelJoin(FunctionContext c)
    {
        var (dst, separator) = (c.String(1), c.String(2));
        var sources = Enumerable.Range(3, c.ArgCount - 3).Select(c.String).ToList();
        return c.Out(c.Vector(0).Select(s => new Sample(s.Labels.With(dst, string.Join(separator, sources.Select(n => s.Labels.Get(n) ?? ""))), s.Value)));
    }

    /// <summary>Go's regexp expansion uses $1 / ${1}; .NET's Match.Result understands the same, except $name → ${name}.</summary>
    private static string GoTemplate(string replacement) => Regex.Replace(replacement, @"\$([A-Za-z_][A-Za-z0-9_]*)", "$${$1}");

    private static IEnumerable<FunctionDef> DateFunctions()
    {
        (string Name, Func<DateTimeOffset, double> Part)[] parts =
        [
            ("minute", d => d.Minute),
            ("hour", d => d.Hour),
            ("day_of_week", d => (int)d.DayOfWeek),
            ("day_of_month", d => d.Day),
            ("days_in_month", d => DateTime.DaysInMonth(d.Year, d.Month)),
            ("month", d => d.Month),
            ("year", d => d.Year),
        ];
        foreach (var (name, part) in parts)
        {
            yield return new(name, [ValueKind.Vector], ValueKind.Vector, c =>
            {
                var input = c.ArgCount == 0 ? [new Sample(LabelSet.Empty, c.Time / 1000.0)] : c.Vector(0);
                return c.Out(input.Select(s => new Sample(s.Labels.WithoutName(), part(DateTimeOffset.FromUnixTimeMilliseconds((long)(s.Value * 1000))))));
            }, Optional: 1);
        }
    }
}
