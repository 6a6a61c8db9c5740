using System.Text.Json.Nodes;
using Kubernaut.Hub.Investigation.Spoke;
using Kubernaut.Hub.Investigation.Transcript;
using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Thanos;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Investigation.Engine;

/// <summary>
/// The offline investigator: reads the workload, its events and pods, its metrics, recent changes, its logs and its
/// dependencies, saying at each step what it looked at and what it found, then concludes from the evidence alone
/// (<see cref="Diagnosis"/>) — or says honestly that it could not, listing what it checked.
/// </summary>
internal sealed class DeterministicInvestigator(ThanosClient thanos, IOptions<InvestigationOptions> options, TimeProvider time)
{
    public async Task<InvestigationResult> InvestigateAsync(InvestigationTarget target, ISpokeTools spoke, TranscriptWriter transcript, CancellationToken ct)
    {
        var lookback = options.Value.Lookback;
        var file = new CaseFile(target);
        var reader = new EvidenceReader(spoke, thanos, transcript, file);
        file.Now = await MetricsStep.ServerNowAsync(reader, ct) ?? time.GetUtcNow();
        file.WindowEnd = target.FiringTime is { } firing && firing <= file.Now && firing > file.Now - lookback ? firing : file.Now;

        await WorkloadStep.RunAsync(reader, file, transcript, ct);
        await EventStep.RunAsync(reader, file, lookback, ct);
        await EventStep.NarrateAsync(file, transcript, ct);
        if (reader.HasMetrics)
        {
            await MetricsStep.RunAsync(reader, file, lookback, ct);
            await MetricsStep.NarrateAsync(file, transcript, ct);
        }

        await PodStep.NarrateAsync(file, transcript, ct);
        await ChangeStep.RunAsync(reader, file, transcript, ct);
        await LogStep.RunAsync(reader, file, transcript, ct);
        await DependencyStep.RunAsync(reader, file, transcript, lookback, ct);

        var verdict = Diagnosis.Conclude(file);
        var result = verdict is null ? Inconclusive(file, spoke, reader) : Conclusive(file, verdict);
        if (file.Warnings.Count > 0)
        {
            await transcript.SayAsync($"Note: part of the evidence was unavailable or incomplete ({string.Join("; ", file.Warnings.Distinct().Take(3))}).", ct);
        }

        await transcript.WriteAsync(TranscriptKinds.Conclusion, verdict is null ? result.Summary : $"{verdict.RootCause}.\n\n{verdict.Conclusion}",
            new JsonObject { ["result"] = System.Text.Json.JsonSerializer.SerializeToNode(result, RemediationStore.Json) }, ct);
        return result;
    }

    private static InvestigationResult Conclusive(CaseFile file, Verdict verdict) => new(
        Summary: $"{verdict.Categories[0]}: {verdict.RootCause}",
        RootCause: verdict.RootCause,
        Categories: verdict.Categories,
        Confidence: verdict.Confidence,
        Evidence: file.Evidence,
        Facts: verdict.Facts);

    private static InvestigationResult Inconclusive(CaseFile file, ISpokeTools spoke, EvidenceReader reader)
    {
        var checkedTools = spoke.Calls.GroupBy(c => c.Tool).Select(g => $"{g.Key} ×{g.Count()}{(g.Any(c => !c.Succeeded) ? " (some failed)" : "")}").ToList();
        if (reader.Queries.Count > 0)
        {
            checkedTools.Add($"{reader.Queries.Count} PromQL queries");
        }

        var summary = $"Inconclusive: no root cause for {file.Target.Kind} {file.Target.Namespace}/{file.Target.Name} on {file.Target.Cluster} is supported by the evidence. " +
            $"Checked {string.Join(", ", checkedTools)}; " +
            (file.Evidence.Count > 0 ? $"found: {string.Join("; ", file.Evidence.Take(5).Select(e => e.Finding))}." : "found nothing abnormal.");
        return new InvestigationResult(summary, null, [], 0.1, file.Evidence, new Dictionary<string, string>
        {
            ["namespace"] = file.Target.Namespace,
            ["cluster"] = file.Target.Cluster,
            ["checked"] = string.Join(", ", checkedTools),
        }, Inconclusive: true);
    }
}
