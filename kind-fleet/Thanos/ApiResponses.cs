using System.Text.Json;
using Kubernaut.KindFleet.Metrics;
using Kubernaut.KindFleet.PromQl;

namespace Kubernaut.KindFleet.Thanos;

/// <summary>
/// The Prometheus HTTP API envelope (contracts.md §7.2): sample values as strings, timestamps as float seconds
/// (<c>[1435781451.781,"1"]</c>), <c>warnings</c> only when there are some.
/// </summary>
internal static class ApiResponses
{
    public static IResult Success(Action<Utf8JsonWriter> writeData, IReadOnlyList<string>? warnings = null) => new JsonResult(200, w =>
    {
        w.WriteString("status", "success");
        w.WritePropertyName("data");
        writeData(w);
        WriteWarnings(w, warnings);
    });

    public static IResult Error(int status, string errorType, string message) => new JsonResult(status, w =>
    {
        w.WriteString("status", "error");
        w.WriteString("errorType", errorType);
        w.WriteString("error", message);
    });

    public static void WriteQueryValue(Utf8JsonWriter w, QueryValue value)
    {
        w.WriteStartObject();
        switch (value)
        {
            case ScalarResult s:
                w.WriteString("resultType", "scalar");
                w.WritePropertyName("result");
                WritePoint(w, s.TimestampMs, GoFloat.FormatF(s.Value));
                break;
            case StringResult s:
                w.WriteString("resultType", "string");
                w.WritePropertyName("result");
                WritePoint(w, s.TimestampMs, s.Value);
                break;
            case VectorResult v:
                w.WriteString("resultType", "vector");
                w.WriteStartArray("result");
                foreach (var sample in v.Samples)
                {
                    w.WriteStartObject();
                    WriteMetric(w, "metric", sample.Labels);
                    w.WritePropertyName("value");
                    WritePoint(w, v.TimestampMs, GoFloat.FormatF(sample.Value));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                break;
            case MatrixResult m:
                w.WriteString("resultType", "matrix");
                w.WriteStartArray("result");
                foreach (var series in m.Series)
                {
                    w.WriteStartObject();
                    WriteMetric(w, "metric", series.Labels);
                    w.WriteStartArray("values");
                    foreach (var p in series.Points)
                    {
                        WritePoint(w, p.TimestampMs, GoFloat.FormatF(p.Value));
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                break;
        }

        w.WriteEndObject();
    }

    public static void WriteMetric(Utf8JsonWriter w, string? property, LabelSet labels)
    {
        if (property is null)
        {
            w.WriteStartObject();
        }
        else
        {
            w.WriteStartObject(property);
        }

        foreach (var (name, value) in labels)
        {
            w.WriteString(name, value);
        }

        w.WriteEndObject();
    }

    /// <summary>Timestamps are printed as Prometheus does: seconds, then all three millisecond digits unless zero.</summary>
    private static void WritePoint(Utf8JsonWriter w, long timestampMs, string value)
    {
        w.WriteStartArray();
        var sign = timestampMs < 0 ? "-" : "";
        var abs = Math.Abs(timestampMs);
        w.WriteRawValue(abs % 1000 == 0 ? $"{sign}{abs / 1000}" : $"{sign}{abs / 1000}.{abs % 1000:000}");
        w.WriteStringValue(value);
        w.WriteEndArray();
    }

    private static void WriteWarnings(Utf8JsonWriter w, IReadOnlyList<string>? warnings)
    {
        if (warnings is { Count: > 0 })
        {
            w.WriteStartArray("warnings");
            warnings.ToList().ForEach(w.WriteStringValue);
            w.WriteEndArray();
        }
    }

    private sealed class JsonResult(int status, Action<Utf8JsonWriter> writeBody) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = "application/json";
            using var buffer = new MemoryStream();
            await using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                writeBody(w);
                w.WriteEndObject();
            }

            buffer.Position = 0;
            await buffer.CopyToAsync(httpContext.Response.Body, httpContext.RequestAborted);
        }
    }
}
