using System.Globalization;

namespace Kubernaut.KindFleet.Metrics;

/// <summary>
/// Go's <c>strconv.FormatFloat(v, 'g'|'f', -1, 64)</c>: the shortest round-tripping digits, which is how Prometheus and
/// its client libraries print values (the <c>le</c> label, API sample strings). Byte-equal output keeps label values
/// identical between the stand-in and a real Prometheus.
/// </summary>
internal static class GoFloat
{
    public static string FormatG(double v)
    {
        if (Special(v) is { } s)
        {
            return s;
        }

        // Go: with shortest precision, %e is used when the decimal exponent is < -4 or >= 6.
        var (negative, digits, exp) = Decompose(v);
        var x = exp - 1;
        var body = x < -4 || x >= 6 ? Exponent(digits, x) : Fixed(digits, exp);
        return (negative ? "-" : "") + body;
    }

    /// <summary>Go's 'f' with shortest precision: never an exponent.</summary>
    public static string FormatF(double v)
    {
        if (Special(v) is { } s)
        {
            return s;
        }

        var (negative, digits, exp) = Decompose(v);
        return (negative ? "-" : "") + Fixed(digits, exp);
    }

    /// <summary>Go's 'e' with shortest precision (<c>1e+00</c>), as Prometheus prints alert values.</summary>
    public static string FormatE(double v)
    {
        if (Special(v) is { } s)
        {
            return v == 0 ? "0e+00" : s;
        }

        var (negative, digits, exp) = Decompose(v);
        return (negative ? "-" : "") + Exponent(digits, exp - 1);
    }

    private static string? Special(double v) =>
        double.IsNaN(v) ? "NaN" : double.IsPositiveInfinity(v) ? "+Inf" : double.IsNegativeInfinity(v) ? "-Inf" : v == 0 ? (double.IsNegative(v) ? "-0" : "0") : null;

    /// <summary>Shortest digits d1d2...dn and decimal exponent such that v = 0.d1d2...dn × 10^exp.</summary>
    private static (bool Negative, string Digits, int Exp) Decompose(double v)
    {
        var shortest = Math.Abs(v).ToString("R", CultureInfo.InvariantCulture);
        var mantissa = shortest;
        var exponent = 0;
        var e = shortest.IndexOf('E', StringComparison.Ordinal);
        if (e >= 0)
        {
            mantissa = shortest[..e];
            exponent = int.Parse(shortest[(e + 1)..], CultureInfo.InvariantCulture);
        }

        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        var frac = dot >= 0 ? mantissa[(dot + 1)..] : "";
        var all = (intPart + frac).TrimStart('0');
        var leadingZeros = (intPart + frac).Length - all.Length;
        var digits = all.TrimEnd('0');
        var exp = intPart.Length - leadingZeros + exponent;
        return (double.IsNegative(v), digits.Length == 0 ? "0" : digits, exp);
    }

    private static string Fixed(string digits, int exp)
    {
        if (exp <= 0)
        {
            return "0." + new string('0', -exp) + digits;
        }

        return exp >= digits.Length ? digits + new string('0', exp - digits.Length) : digits[..exp] + "." + digits[exp..];
    }

    private static string Exponent(string digits, int x)
    {
        var mantissa = digits.Length == 1 ? digits : digits[..1] + "." + digits[1..];
        return mantissa + "e" + (x < 0 ? "-" : "+") + Math.Abs(x).ToString("00", CultureInfo.InvariantCulture);
    }
}
