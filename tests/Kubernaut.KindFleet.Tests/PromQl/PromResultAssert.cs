using System.Globalization;
using System.Text.Json;

namespace Kubernaut.KindFleet.Tests.PromQl;

/// <summary>Compares two Prometheus API envelopes: same status, result type, label sets, timestamps; values within a tiny relative epsilon.</summary>
internal static class PromResultAssert
{
    private const double RelativeEpsilon = 1e-9;

    public static void Equivalent(JsonElement expected, JsonElement actual, string context)
    {
        Assert.True(expected.GetProperty("status").GetString() == "success", $"{context}: Prometheus answered {expected}");
        Assert.True(actual.GetProperty("status").GetString() == "success", $"{context}: the stand-in answered {actual}");
        var e = expected.GetProperty("data");
        var a = actual.GetProperty("data");
        var type = e.GetProperty("resultType").GetString();
        Assert.True(type == a.GetProperty("resultType").GetString(), $"{context}: resultType {type} vs {a.GetProperty("resultType")}");
        switch (type)
        {
            case "scalar" or "string":
                Point(e.GetProperty("result"), a.GetProperty("result"), context);
                break;
            case "vector":
                Collection(e.GetProperty("result"), a.GetProperty("result"), "value", context, (x, y, c) => Point(x, y, c));
                break;
            default:
                Collection(e.GetProperty("result"), a.GetProperty("result"), "values", context, (x, y, c) =>
                {
                    Assert.True(x.GetArrayLength() == y.GetArrayLength(), $"{c}: {x.GetArrayLength()} points vs {y.GetArrayLength()}: {x} vs {y}");
                    for (var i = 0; i < x.GetArrayLength(); i++)
                    {
                        Point(x[i], y[i], c);
                    }
                });
                break;
        }
    }

    /// <summary>How many samples/points a result holds (so a comparison of two empty answers can be told apart).</summary>
    public static int Count(JsonElement envelope)
    {
        var data = envelope.GetProperty("data");
        return data.GetProperty("resultType").GetString() switch
        {
            "vector" => data.GetProperty("result").GetArrayLength(),
            "matrix" => data.GetProperty("result").EnumerateArray().Sum(s => s.GetProperty("values").GetArrayLength()),
            _ => 1,
        };
    }

    private static void Collection(JsonElement expected, JsonElement actual, string valueProperty, string context, Action<JsonElement, JsonElement, string> compare)
    {
        var e = expected.EnumerateArray().ToDictionary(s => Key(s.GetProperty("metric")), s => s.GetProperty(valueProperty));
        var a = actual.EnumerateArray().ToDictionary(s => Key(s.GetProperty("metric")), s => s.GetProperty(valueProperty));
        Assert.True(e.Keys.Order().SequenceEqual(a.Keys.Order()), $"{context}: series differ\nPrometheus: {string.Join(" ", e.Keys.Order())}\nstand-in:   {string.Join(" ", a.Keys.Order())}");
        foreach (var (key, value) in e)
        {
            compare(value, a[key], $"{context} {key}");
        }
    }

    private static string Key(JsonElement metric) =>
        "{" + string.Join(",", metric.EnumerateObject().Select(p => $"{p.Name}={p.Value.GetString()}").Order(StringComparer.Ordinal)) + "}";

    private static void Point(JsonElement expected, JsonElement actual, string context)
    {
        Assert.True(expected[0].GetRawText() == actual[0].GetRawText(), $"{context}: timestamp {expected[0]} vs {actual[0]}");
        var es = expected[1].GetString()!;
        var @as = actual[1].GetString()!;
        var ev = Parse(es);
        var av = Parse(@as);
        if (ev.Equals(av))
        {
            // Bit-identical values must also print identically (Go's shortest 'f' formatting).
            Assert.True(es == @as, $"{context}: same value printed as {es} vs {@as}");
            return;
        }

        var scale = Math.Max(Math.Abs(ev), Math.Abs(av));
        Assert.True(Math.Abs(ev - av) <= RelativeEpsilon * Math.Max(scale, 1e-300), $"{context}: value {es} (Prometheus) vs {@as} (stand-in)");
    }

    private static double Parse(string s) => s switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(s, CultureInfo.InvariantCulture),
    };
}
