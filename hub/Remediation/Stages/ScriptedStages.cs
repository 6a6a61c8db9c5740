using Kubernaut.Hub.Remediation.Lifecycle;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Remediation.Stages;

/// <summary>
/// Stage implementations driven by <see cref="ScriptedStageOptions"/>. Each stage performs one recorded side effect
/// per idempotency key, then reports "in progress" until StepDuration has passed since that effect: a hub that dies
/// mid-stage and comes back finds the effect already done and only waits out the rest.
/// </summary>
internal sealed class ScriptedStages(ISideEffectLedger ledger, IOptions<ScriptedStageOptions> options, TimeProvider time)
    : IInvestigationStage, IProposalStage, IApprovalStage, IExecutionStage, IVerificationStage
{
    public Task<StageResult<InvestigationResult>> InvestigateAsync(StageContext context, CancellationToken ct) =>
        RunAsync(context, StageNames.Investigate, () => options.Value.InvestigationFails
            ? StageResult<InvestigationResult>.Failed("the scripted investigation found nothing")
            : StageResult<InvestigationResult>.Completed(Scripted(context.Request)), ct);

    private InvestigationResult Scripted(RemediationRequest rr)
    {
        var target = rr.Spec.TargetResource;
        var script = options.Value.Targets.GetValueOrDefault(target.Name) ?? options.Value.Investigation;
        return new InvestigationResult(
            $"scripted investigation of {target.Kind} {target.Name} for {rr.Spec.SignalName}" + (script.RootCause is { } cause ? ": " + cause : ""),
            script.RootCause ?? "scripted root cause",
            script.Categories,
            script.Categories.Count > 0 ? script.Confidence : 0,
            [new EvidenceItem("scripted", "Stages:Scripted configuration (no investigation engine)")],
            script.Facts,
            Inconclusive: script.Categories.Count == 0);
    }

    public Task<StageResult<RemediationProposal>> ProposeAsync(StageContext context, CancellationToken ct) =>
        RunAsync(context, StageNames.Propose, () => StageResult<RemediationProposal>.Completed(new RemediationProposal(
            options.Value.Workflow, options.Value.Confidence, options.Value.Risk,
            new Dictionary<string, string> { ["namespace"] = context.Request.Spec.TargetResource.Namespace, ["name"] = context.Request.Spec.TargetResource.Name },
            "scripted proposal")), ct);

    public Task<StageResult<string>> RequestApprovalAsync(StageContext context, CancellationToken ct) =>
        RunAsync(context, StageNames.Approve, () => StageResult<string>.Completed("approvers notified (scripted)"), ct);

    public Task<StageResult<ExecutionResult>> ExecuteAsync(StageContext context, CancellationToken ct) =>
        RunAsync(context, StageNames.Execute, () => StageResult<ExecutionResult>.Completed(new ExecutionResult(
            options.Value.ExecutionSucceeds, "scripted-job/" + context.IdempotencyKey,
            options.Value.ExecutionSucceeds ? "scripted workflow ran" : "scripted workflow failed")), ct);

    public Task<StageResult<VerificationResult>> VerifyAsync(StageContext context, CancellationToken ct) =>
        RunAsync(context, StageNames.Verify, () => StageResult<VerificationResult>.Completed(new VerificationResult(
            options.Value.VerificationPasses, options.Value.VerificationPasses ? "scripted checks passed" : "scripted checks failed")), ct);

    private async Task<StageResult<T>> RunAsync<T>(StageContext context, string stage, Func<StageResult<T>> outcome, CancellationToken ct)
    {
        var (entry, _) = await ledger.PerformOnceAsync(context.IdempotencyKey, stage, context.Request.Name, time.GetUtcNow(), ct);
        var remaining = entry.StartedAt + options.Value.StepDuration - time.GetUtcNow();
        return remaining > TimeSpan.Zero ? StageResult<T>.InProgress(remaining) : outcome();
    }
}
