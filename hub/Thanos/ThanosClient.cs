using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Thanos;

/// <summary>
/// The Prometheus HTTP API as Thanos Query serves it (typed client over IHttpClientFactory): instant and range
/// queries with Thanos' <c>dedup</c> and <c>partial_response</c>, sent as form posts so long PromQL fits.
/// </summary>
internal sealed class ThanosClient(HttpClient http, IOptions<ThanosOptions> options)
{
    public bool Configured => options.Value.Url is not null;

    /// <summary>Evaluates <paramref name="promql"/> at <paramref name="at"/> (the server's now when null).</summary>
    public Task<PromResult> QueryAsync(string promql, DateTimeOffset? at, CancellationToken ct)
    {
        var form = Common(promql);
        if (at is { } time)
        {
            form["time"] = Unix(time);
        }

        return SendAsync("api/v1/query", promql, form, ct);
    }

    public Task<PromResult> QueryRangeAsync(string promql, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken ct)
    {
        var form = Common(promql);
        form["start"] = Unix(start);
        form["end"] = Unix(end);
        form["step"] = step.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        return SendAsync("api/v1/query_range", promql, form, ct);
    }

    private Dictionary<string, string> Common(string promql) => new(StringComparer.Ordinal)
    {
        ["query"] = promql,
        ["dedup"] = options.Value.Dedup ? "true" : "false",
        ["partial_response"] = options.Value.PartialResponse ? "true" : "false",
    };

    private async Task<PromResult> SendAsync(string path, string promql, Dictionary<string, string> form, CancellationToken ct)
    {
        var baseUrl = options.Value.Url ?? throw new InvalidOperationException("Thanos:Url is not configured");
        var url = new Uri(new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/"), path);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.Timeout);
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(url, new FormUrlEncodedContent(form), timeout.Token);
        }
        catch (HttpRequestException e)
        {
            throw new ThanosUnavailableException(e.Message, e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new ThanosUnavailableException($"no answer within {options.Value.Timeout.TotalSeconds:0} s", e);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body);
            }
            catch (JsonException e)
            {
                throw new ThanosUnavailableException($"{(int)response.StatusCode} {response.StatusCode} without an API body", e);
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.TryGetProperty("status", out var status) && status.GetString() == "success")
                {
                    return PromResult.Parse(promql, root);
                }

                var errorType = root.TryGetProperty("errorType", out var t) ? t.GetString() ?? "" : "";
                var error = root.TryGetProperty("error", out var m) ? m.GetString() ?? "" : body;
                if ((int)response.StatusCode >= 500 && errorType is not ("execution" or "bad_data" or "timeout"))
                {
                    throw new ThanosUnavailableException($"{(int)response.StatusCode}: {error}");
                }

                throw new PromQueryException(promql, errorType, error);
            }
        }
    }

    private static string Unix(DateTimeOffset time) => (time.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
}
