using System.Globalization;
using System.Text.Json;

namespace Kubernaut.Hub.Thanos;

/// <summary>One sample of a series.</summary>
internal sealed record PromSample(DateTimeOffset At, double Value);

/// <summary>A series (or an instant vector element) with its labels and samples, oldest first.</summary>
internal sealed record PromSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<PromSample> Samples)
{
    public string? Label(string name) => Labels.GetValueOrDefault(name);

    public PromSample? Last => Samples.Count > 0 ? Samples[^1] : null;

    public PromSample? Peak => Samples.Count > 0 ? Samples.MaxBy(s => s.Value) : null;
}

/// <summary>
/// A query's answer. Missing series are an empty result, not an error; <see cref="Warnings"/> carries what Thanos
/// said about partial responses (a store that did not answer) so the caller can say its evidence may be incomplete.
/// </summary>
internal sealed record PromResult(string Query, string ResultType, IReadOnlyList<PromSeries> Series, IReadOnlyList<string> Warnings)
{
    public bool IsEmpty => Series.Count == 0 || Series.All(s => s.Samples.Count == 0);

    public bool IsPartial => Warnings.Count > 0;

    /// <summary>The single value of an instant query (the first series' last sample), null when there is none.</summary>
    public double? Value => Series.Count > 0 ? Series[0].Last?.Value : null;

    /// <summary>When the server evaluated an instant query: the metrics backend's "now".</summary>
    public DateTimeOffset? EvaluatedAt => Series.Count > 0 ? Series[0].Last?.At : null;

    public static PromResult Parse(string query, JsonElement root)
    {
        var warnings = root.TryGetProperty("warnings", out var w) && w.ValueKind == JsonValueKind.Array
            ? w.EnumerateArray().Select(x => x.GetString() ?? "").ToList()
            : [];
        var data = root.GetProperty("data");
        var type = data.GetProperty("resultType").GetString() ?? "";
        var result = data.GetProperty("result");
        var series = new List<PromSeries>();
        switch (type)
        {
            case "vector" or "matrix":
                foreach (var item in result.EnumerateArray())
                {
                    var labels = item.TryGetProperty("metric", out var metric)
                        ? metric.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal)
                        : [];
                    var samples = item.TryGetProperty("values", out var values)
                        ? values.EnumerateArray().Select(Sample).OfType<PromSample>().ToList()
                        : item.TryGetProperty("value", out var value) && Sample(value) is { } one ? [one] : [];
                    series.Add(new PromSeries(labels, samples));
                }

                break;
            case "scalar":
                series.Add(new PromSeries(new Dictionary<string, string>(), Sample(result) is { } s ? [s] : []));
                break;
        }

        return new PromResult(query, type, series, warnings);
    }

    // NaN and ±Inf samples (a quantile of no traffic, a division by zero) carry no evidence; they are skipped.
    private static PromSample? Sample(JsonElement pair)
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds((long)(pair[0].GetDouble() * 1000));
        var text = pair[1].GetString();
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? new PromSample(at, v) : null;
    }
}

/// <summary>The API answered <c>status: error</c> (bad query, timeout, execution error).</summary>
internal sealed class PromQueryException(string query, string errorType, string error)
    : Exception($"query failed ({errorType}): {error} — {query}")
{
    public string ErrorType { get; } = errorType;
}

/// <summary>Thanos could not be reached or answered 5xx without an API body.</summary>
internal sealed class ThanosUnavailableException(string reason, Exception? inner = null) : Exception($"Thanos is unavailable: {reason}", inner);
