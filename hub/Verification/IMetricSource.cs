using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Verification;

/// <summary>One number from PromQL at an instant (the first series; the server's now when no time), or null when there is no data or no source.</summary>
internal interface IMetricSource
{
    bool IsAvailable { get; }

    Task<double?> QueryAsync(string promql, DateTimeOffset? at, CancellationToken ct);
}

/// <summary>The Prometheus HTTP API (<c>/api/v1/query</c>), which Thanos Query also serves; tolerant of partial responses.</summary>
internal sealed class PrometheusMetricSource(IHttpClientFactory clients, IOptions<VerificationOptions> options) : IMetricSource
{
    public bool IsAvailable => !string.IsNullOrEmpty(options.Value.PrometheusUrl);

    public async Task<double?> QueryAsync(string promql, DateTimeOffset? at, CancellationToken ct)
    {
        if (!IsAvailable)
        {
            return null;
        }

        var url = options.Value.PrometheusUrl!.TrimEnd('/') + "/api/v1/query?query=" + Uri.EscapeDataString(promql)
            + (at is { } t ? "&time=" + t.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) : "") + "&partial_response=true";
        try
        {
            using var response = await clients.CreateClient(nameof(PrometheusMetricSource)).GetAsync(url, ct);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            var data = doc.RootElement.GetProperty("data");
            var result = data.GetProperty("result");
            var value = data.GetProperty("resultType").GetString() switch
            {
                "vector" when result.GetArrayLength() > 0 => result[0].GetProperty("value")[1].GetString(),
                "scalar" => result[1].GetString(),
                _ => null,
            };
            return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}
