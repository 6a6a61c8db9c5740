using System.ComponentModel;
using System.Text.Json;
using Kubernaut.Hub.Thanos;
using Microsoft.Extensions.AI;

namespace Kubernaut.Hub.Investigation.Llm;

/// <summary>Thanos as functions a model can call: an instant and a range PromQL query, answering compact JSON.</summary>
internal static class PromQlTools
{
    public static IEnumerable<AIFunction> Create(ThanosClient thanos)
    {
        if (!thanos.Configured)
        {
            yield break;
        }

        yield return AIFunctionFactory.Create(
            async ([Description("PromQL expression; always filter by cluster=\"...\"")] string query, CancellationToken ct) =>
                Render(await RunAsync(() => thanos.QueryAsync(query, null, ct))),
            "promql_query", "Evaluate a PromQL expression now on Thanos (the fleet's metrics). Returns each series' labels and value.");
        yield return AIFunctionFactory.Create(
            async ([Description("PromQL expression")] string query, [Description("How far back, in minutes")] int minutes, [Description("Step in seconds")] int stepSeconds,
                CancellationToken ct) =>
            {
                var now = (await thanos.QueryAsync("1", null, ct)).EvaluatedAt ?? DateTimeOffset.UtcNow;
                return Render(await RunAsync(() => thanos.QueryRangeAsync(query, now.AddMinutes(-Math.Clamp(minutes, 1, 1440)), now,
                    TimeSpan.FromSeconds(Math.Clamp(stepSeconds, 15, 3600)), ct)));
            },
            "promql_query_range", "Evaluate a PromQL expression over a time range on Thanos. Returns each series' samples (time, value), thinned to 60 points.");
    }

    private static async Task<object> RunAsync(Func<Task<PromResult>> query)
    {
        try
        {
            return await query();
        }
        catch (Exception e) when (e is ThanosUnavailableException or PromQueryException)
        {
            return new { error = e.Message };
        }
    }

    private static string Render(object result) => result is PromResult r
        ? JsonSerializer.Serialize(new
        {
            resultType = r.ResultType,
            warnings = r.Warnings,
            series = r.Series.Select(s => new
            {
                labels = s.Labels,
                samples = s.Samples.Where((_, i) => s.Samples.Count <= 60 || i % (s.Samples.Count / 60 + 1) == 0)
                    .Select(p => new object[] { p.At.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), Math.Round(p.Value, 4) }),
            }),
        })
        : JsonSerializer.Serialize(result);
}
