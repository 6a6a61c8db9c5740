using Kubernaut.Hub.TrustLadder;

namespace Kubernaut.Hub.Remediation.Lifecycle;

internal sealed partial class LifecycleSteps
{
    /// <summary>After the proposal, the trust level (read again: an operator may have changed it) decides where to go.</summary>
    private async Task<TimeSpan?> ProposeAsync(RemediationRequest rr, CancellationToken ct)
    {
        var result = await RunStageAsync(rr, StageNames.Propose, stages.Proposal.ProposeAsync, s => s.Proposal, ct);
        if (result is null || result.RecheckAfter is not null || result.Failure is not null)
        {
            return await CompleteStageAsync<RemediationProposal>(rr, StageNames.Propose, result, RemediationPhase.AwaitingDecision, Outcomes.InvestigationFailed,
                _ => Task.FromResult<RemediationRequest?>(null), ct);
        }

        var proposal = result.Value!;
        var level = await trust.LevelAsync(rr.Spec.ClusterId, rr.Spec.TargetResource.Namespace, ct);
        var summary = proposal.Workflow is null ? "no applicable workflow" : $"{proposal.Workflow} (confidence {proposal.Confidence:0.00}, risk {proposal.Risk})";
        void Record(RemediationStatus s)
        {
            s.Proposal = proposal;
            s.TrustLevel = (int)level;
            StageDone(s, StageNames.Propose, summary);
        }

        const string from = RemediationPhase.AwaitingDecision;
        switch (level)
        {
            case TrustLevel.Ignore:
                return Next(await FinishAsync(rr, from, RemediationPhase.Skipped, Outcomes.Ignored, "trust level L0 (ignore): not acted on", Record, hold: true, ct));
            case TrustLevel.DryRun:
                return Next(await FinishAsync(rr, from, RemediationPhase.Completed, Outcomes.DryRun, $"L1 dry-run: recommended {summary}; never executed", Record, hold: true, ct));
            case TrustLevel.Observe:
                rr.Status!.Proposal = proposal;
                var items = await checklist.EvaluateAsync(rr, ct);
                var open = items.Count(i => i.Status != ChecklistStatus.Passed);
                return Next(await FinishAsync(rr, from, RemediationPhase.Observed, Outcomes.Observed,
                    $"L2 observe: recommended {summary}; surfaced to operators ({open} of {items.Count} onboarding items open)",
                    s => { Record(s); s.OnboardingChecklist = items; }, hold: true, ct));
            case TrustLevel.Autonomous when proposal.Workflow is not null && MayRunAlone(proposal):
                var decision = new DecisionRecord(DecisionRecord.Approve, Controller, "trust-ladder",
                    $"L4 autonomous: risk {proposal.Risk}, confidence {proposal.Confidence:0.00} >= {trustOptions.Value.AutonomousConfidenceThreshold:0.00}",
                    time.GetUtcNow(), proposal.Workflow, null);
                await audit.DecisionAsync(rr, decision, ct);
                return await GateAsync(rr, from, s => { Record(s); s.Decision = decision; }, ct);
            default:
                var why = level == TrustLevel.Approve
                    ? "L3: a human approves each execution"
                    : $"L4, but {summary} is not low-risk at or above confidence {trustOptions.Value.AutonomousConfidenceThreshold:0.00}: asking";
                return Next(await MoveAsync(rr, from, RemediationPhase.AwaitingApproval, why, Record, ct));
        }
    }

    private bool MayRunAlone(RemediationProposal proposal) =>
        proposal.Confidence >= trustOptions.Value.AutonomousConfidenceThreshold
        && trustOptions.Value.AutonomousRisks.Contains(proposal.Risk, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The only way into Executing: the fleet guardrails, judged on every request's persisted state. Serialised in this
    /// process (only the leader runs it), so two requests cannot both take the last execution slot.
    /// </summary>
    private async Task<TimeSpan?> GateAsync(RemediationRequest rr, string from, Action<RemediationStatus>? change, CancellationToken ct)
    {
        await _executionGate.WaitAsync(ct);
        try
        {
            var all = await store.ListAsync(null, ct);
            var now = time.GetUtcNow();
            var verdict = guardrails.Check(rr, all, now);
            if (verdict.Allowed)
            {
                return Next(await MoveAsync(rr, from, RemediationPhase.Executing, "guardrails passed: executing", s =>
                {
                    change?.Invoke(s);
                    s.RoutingStatus = null;
                }, ct));
            }

            var current = rr.Status?.RoutingStatus;
            if (from != RemediationPhase.Blocked || current?.BlockReason != verdict.BlockReason || current?.NextAllowedExecution != verdict.RetryAt)
            {
                await MoveAsync(rr, from, RemediationPhase.Blocked, $"{verdict.BlockReason}: {verdict.Message}", s =>
                {
                    change?.Invoke(s);
                    s.RoutingStatus = new RoutingStatus { BlockReason = verdict.BlockReason, Message = verdict.Message, NextAllowedExecution = verdict.RetryAt };
                    if (verdict.RequiresManualReview)
                    {
                        s.CompletionStatus = new CompletionStatus { Outcome = "", RequiresManualReview = true };
                    }
                }, ct);
            }

            return verdict.RetryAt is { } at ? at - now : null;
        }
        finally
        {
            _executionGate.Release();
        }
    }
}
