using System.Text.Json;
using Kubernaut.Hub.Investigation.Spoke;
using Kubernaut.Hub.Investigation.Transcript;
using Kubernaut.Hub.Thanos;

namespace Kubernaut.Hub.Investigation.Engine;

/// <summary>
/// The deterministic investigator's hands: spoke tool calls and metrics queries, each announced on the transcript,
/// recorded as checked, and tolerant of failure (a tool that fails is noted and the investigation goes on).
/// </summary>
internal sealed class EvidenceReader(ISpokeTools spoke, ThanosClient thanos, TranscriptWriter transcript, CaseFile file)
{
    private readonly List<string> _queries = [];

    public ISpokeTools Spoke => spoke;

    public bool HasMetrics => thanos.Configured;

    public IReadOnlyList<string> Queries => _queries;

    public async Task<JsonElement?> ToolAsync(string tool, Dictionary<string, object?> arguments, CancellationToken ct)
    {
        await transcript.ToolAsync(tool, string.Join(", ", arguments.Where(a => a.Value is not null).Select(a => $"{a.Key}={a.Value}")), ct);
        var result = await spoke.CallAsync(tool, arguments, ct);
        if (result is null && spoke.Calls.LastOrDefault(c => c.Tool == tool) is { Succeeded: false } failed)
        {
            file.Warnings.Add($"{tool} failed: {failed.Error}");
        }

        return result;
    }

    public async Task<SpokeList<T>> ListAsync<T>(string tool, string itemsName, Dictionary<string, object?> arguments, CancellationToken ct)
    {
        var result = await ToolAsync(tool, arguments, ct);
        if (result is not { } json)
        {
            return new SpokeList<T>([], 0, false);
        }

        var list = SpokeJson.List<T>(json, itemsName);
        if (list.Truncated)
        {
            file.Warnings.Add($"{tool} was cut to {list.Items.Count} of {list.Total} {itemsName}");
        }

        return list;
    }

    public async Task<T?> SingleAsync<T>(string tool, Dictionary<string, object?> arguments, CancellationToken ct)
        where T : class
    {
        var result = await ToolAsync(tool, arguments, ct);
        try
        {
            return result?.Deserialize<T>(SpokeJson.Options);
        }
        catch (JsonException e)
        {
            file.Warnings.Add($"{tool} answered in an unexpected shape: {e.Message}");
            return null;
        }
    }

    /// <summary>An instant query; null when metrics are not configured or the query failed (noted as a warning).</summary>
    public async Task<PromResult?> QueryAsync(string promql, CancellationToken ct)
    {
        if (!thanos.Configured)
        {
            return null;
        }

        _queries.Add(promql);
        await transcript.ToolAsync("promql", promql, ct);
        try
        {
            return Partial(await thanos.QueryAsync(promql, null, ct));
        }
        catch (Exception e) when (e is ThanosUnavailableException or PromQueryException)
        {
            file.Warnings.Add(e.Message);
            return null;
        }
    }

    public async Task<PromResult?> RangeAsync(string promql, TimeSpan lookback, TimeSpan step, CancellationToken ct)
    {
        if (!thanos.Configured)
        {
            return null;
        }

        _queries.Add(promql);
        await transcript.ToolAsync("promql_range", $"{promql} [{Units.Span(lookback)}, step {Units.Span(step)}]", ct);
        try
        {
            return Partial(await thanos.QueryRangeAsync(promql, file.Now - lookback, file.Now, step, ct));
        }
        catch (Exception e) when (e is ThanosUnavailableException or PromQueryException)
        {
            file.Warnings.Add(e.Message);
            return null;
        }
    }

    private PromResult Partial(PromResult result)
    {
        foreach (var warning in result.Warnings)
        {
            file.Warnings.Add("partial metrics: " + warning);
        }

        return result;
    }
}
