using Kubernaut.Hub.Remediation;

namespace Kubernaut.Hub.Verification;

/// <summary>How well each workflow has worked: the mean verification score of its finished runs (feeds selection).</summary>
internal interface IEffectivenessHistory
{
    Task<IReadOnlyDictionary<string, double>> ScoresAsync(CancellationToken ct);
}

/// <summary>
/// Effectiveness computed from the requests themselves (the hub's only state): every finished request whose
/// verification scored a workflow counts once, so every replica and every restart sees the same history.
/// </summary>
internal sealed class RequestEffectivenessHistory(RemediationStore store) : IEffectivenessHistory
{
    public async Task<IReadOnlyDictionary<string, double>> ScoresAsync(CancellationToken ct)
    {
        var requests = await store.ListAsync(null, ct);
        return requests
            .Select(r => r.Status?.Verification)
            .Where(v => v is { Workflow: not null, Score: not null })
            .GroupBy(v => v!.Workflow!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Math.Round(g.Average(v => v!.Score!.Value), 3), StringComparer.Ordinal);
    }
}
