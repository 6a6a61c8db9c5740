using System.Globalization;
using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Remediation.Lifecycle;
using Kubernaut.Hub.Verification;
using Kubernaut.Hub.Workflows;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Selection;

/// <summary>
/// AwaitingDecision: searches the workflow catalog for the analysis. Constraints run first and can rule workflows
/// out; the rest are scored (category, target, labels, past effectiveness), their parameters filled from the
/// evidence and checked against the workflow's schema. Every fitting option is stored on the request; the best one
/// whose parameters are complete is proposed. An inconclusive analysis proposes nothing.
/// </summary>
internal sealed class ProposalStage(WorkflowCatalog catalog, IEnumerable<ISelectionConstraint> constraints, IEffectivenessHistory history,
    IOptions<SelectionOptions> options) : IProposalStage
{
    public static readonly IReadOnlySet<string> ReservedParameters = new HashSet<string>(["restart_token"], StringComparer.Ordinal);

    public async Task<StageResult<RemediationProposal>> ProposeAsync(StageContext context, CancellationToken ct)
    {
        var rr = context.Request;
        var analysis = rr.Status?.Investigation;
        if (analysis is null || analysis.Inconclusive || analysis.Categories is not { Count: > 0 })
        {
            return StageResult<RemediationProposal>.Completed(new RemediationProposal(null, 0, WorkflowRisk.Low, new Dictionary<string, string>(),
                "the analysis named no root-cause category, so no workflow is selected: " + (analysis?.Summary ?? "no analysis"), []));
        }

        var workflows = await catalog.ListAsync(ct);
        var excluded = new Dictionary<string, string>(StringComparer.Ordinal);
        var bias = new Dictionary<string, (double Factor, string Why)>(StringComparer.Ordinal);
        foreach (var constraint in constraints)
        {
            var verdict = await constraint.EvaluateAsync(rr, workflows, ct);
            foreach (var (name, why) in verdict.Excluded)
            {
                excluded.TryAdd(name, why);
            }

            foreach (var (name, b) in verdict.Bias ?? new Dictionary<string, (double, string)>())
            {
                bias[name] = bias.TryGetValue(name, out var prior) ? (prior.Factor * b.Factor, prior.Why + "; " + b.Why) : b;
            }
        }

        var effectiveness = await history.ScoresAsync(ct);
        var options1 = new List<WorkflowOption>();
        foreach (var workflow in workflows.Where(w => !excluded.ContainsKey(w.Name)))
        {
            if (WorkflowScorer.Score(workflow, rr, effectiveness.TryGetValue(workflow.Name, out var e) ? e : null, options.Value) is { } score)
            {
                options1.Add(Option(workflow, score, rr, bias.GetValueOrDefault(workflow.Name)));
            }
        }

        var presented = options1
            .Where(o => o.Confidence >= options.Value.MinimumConfidence)
            .OrderByDescending(o => o.Ready)
            .ThenByDescending(o => o.Confidence)
            .ThenBy(o => o.Workflow, StringComparer.Ordinal)
            .Take(Math.Max(1, options.Value.MaxOptions))
            .ToList();
        var ruledOut = excluded.Where(x => workflows.Any(w => w.Name == x.Key)).Select(x => $"{x.Key} ruled out: {x.Value}").ToList();
        var chosen = presented.FirstOrDefault(o => o.Ready);
        if (chosen is null)
        {
            var why = presented.Count == 0 ? "no workflow in the catalog matches " + string.Join(", ", analysis.Categories) : "no option has complete, valid parameters";
            return StageResult<RemediationProposal>.Completed(new RemediationProposal(null, 0, WorkflowRisk.Low, new Dictionary<string, string>(),
                string.Join("; ", [why, .. ruledOut, .. presented.Select(o => $"{o.Workflow}: {string.Join("; ", o.Problems ?? [])}")]), presented));
        }

        var rationale = $"{chosen.Workflow} ({Percent(chosen.Confidence)}, risk {chosen.Risk}): {chosen.Rationale}"
            + (presented.Count > 1 ? "; also fits: " + string.Join(", ", presented.Skip(1).Select(o => $"{o.Workflow} ({Percent(o.Confidence)}, risk {o.Risk})")) : "")
            + (ruledOut.Count > 0 ? "; " + string.Join("; ", ruledOut) : "");
        return StageResult<RemediationProposal>.Completed(new RemediationProposal(chosen.Workflow, chosen.Confidence, chosen.Risk, chosen.Parameters, rationale, presented));
    }

    private WorkflowOption Option(RemediationWorkflow workflow, CandidateScore score, RemediationRequest rr, (double Factor, string Why) bias)
    {
        var (values, sources) = ParameterFiller.Fill(workflow, rr, options.Value);
        var check = ParameterSchema.Check(workflow, values, ReservedParameters);
        var reasons = new List<string>(score.Reasons);
        var confidence = score.Confidence;
        if (!check.IsValid)
        {
            confidence *= 0.6;
            reasons.Add("parameters incomplete");
        }

        if (bias.Why is not null)
        {
            confidence *= bias.Factor;
            reasons.Add(bias.Why);
        }

        if (sources.Count > 0)
        {
            reasons.Add("parameters: " + string.Join(", ", sources));
        }

        var summary = string.Join(", ", values.Where(v => workflow.Parameter(v.Key)?.Required == true).Select(v => $"{v.Key}={v.Value}"));
        return new WorkflowOption(workflow.Name, workflow.Spec.Description.What + (summary.Length > 0 ? $" ({summary})" : ""), workflow.Spec.ActionType,
            workflow.Spec.Risk, Math.Round(confidence, 2), values, string.Join("; ", reasons), check.IsValid, check.IsValid ? null : check.Errors);
    }

    private static string Percent(double confidence) => confidence.ToString("P0", CultureInfo.InvariantCulture);
}
