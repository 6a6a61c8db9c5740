using Kubernaut.Hub.Hosting;
using Kubernaut.Hub.LeaderElection;
using Kubernaut.Hub.TrustLadder;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Remediation.Lifecycle;

/// <summary>
/// Advances one request by one step from its persisted phase. Every step reads the request afresh and writes its
/// result conditionally on the phase it started from, so a step that raced with anything else simply does nothing.
/// Returns when to look at the request again (zero: at once; null: at the next poll).
/// </summary>
internal sealed partial class LifecycleSteps(
    RemediationStore store,
    RemediationAudit audit,
    TrustPolicy trust,
    Guardrails guardrails,
    OnboardingChecklist checklist,
    StageSet stages,
    ILeadership leadership,
    IOptions<TrustLadderOptions> trustOptions,
    IOptions<LifecycleOptions> lifecycleOptions,
    HubMetrics metrics,
    TimeProvider time)
{
    private const string Controller = "kubernaut-hub";
    private readonly SemaphoreSlim _executionGate = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _unopenedSince = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _auditChecked = new(StringComparer.Ordinal);

    public async Task<TimeSpan?> AdvanceAsync(string name, CancellationToken ct)
    {
        var rr = await store.GetAsync(name, ct);
        if (rr is null || RemediationPhase.IsTerminal(rr.Status?.OverallPhase))
        {
            _auditChecked.TryRemove(name, out _);
            return null;
        }

        if (rr.Status?.OverallPhase is null)
        {
            return await AdoptAsync(rr, ct);
        }

        _unopenedSince.TryRemove(rr.Name, out _);
        await AuditMissedTransitionsAsync(rr, ct);

        return rr.Phase switch
        {
            RemediationPhase.Pending => await StartAsync(rr, ct),
            RemediationPhase.Investigating => await InvestigateAsync(rr, ct),
            RemediationPhase.AwaitingDecision => await ProposeAsync(rr, ct),
            RemediationPhase.AwaitingApproval => await AwaitApprovalAsync(rr, ct),
            RemediationPhase.Blocked => await GateAsync(rr, RemediationPhase.Blocked, null, ct),
            RemediationPhase.Executing => await ExecuteAsync(rr, ct),
            RemediationPhase.Verifying => await VerifyAsync(rr, ct),
            _ => null,
        };
    }

    /// <summary>
    /// A transition is written to the request first and audited after: a replica stopped in between leaves it
    /// unaudited. The first time this process advances a request it audits what its record holds and the trail lacks.
    /// </summary>
    private async Task AuditMissedTransitionsAsync(RemediationRequest rr, CancellationToken ct)
    {
        if (!_auditChecked.TryAdd(rr.Name, true))
        {
            return;
        }

        try
        {
            await audit.RecordMissingTransitionsAsync(rr, ct);
        }
        catch
        {
            _auditChecked.TryRemove(rr.Name, out _);
            throw;
        }
    }

    /// <summary>
    /// A request without a phase is still being opened: intake audits it and only then writes phase Pending, so the
    /// audit trail never shows the controller's first transition before the request's opening. One still without a phase
    /// after <see cref="LifecycleOptions.IntakeGrace"/> lost its intake (a crash between the create and the status
    /// write): the controller opens it, auditing first as intake would have.
    /// </summary>
    private async Task<TimeSpan?> AdoptAsync(RemediationRequest rr, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var since = _unopenedSince.GetOrAdd(rr.Name, now);
        if (now - since < lifecycleOptions.Value.IntakeGrace)
        {
            return null;
        }

        const string reason = "opened by the controller: the intake that created this request stopped before recording it";
        await audit.TransitionAsync(rr, "", RemediationPhase.Pending, reason, Controller, ct);
        var opened = await store.UpdateStatusAsync(rr.Name, r =>
        {
            if (r.Status?.OverallPhase is not null)
            {
                return false;
            }

            var status = r.Status ??= new RemediationStatus();
            status.OverallPhase = RemediationPhase.Pending;
            status.PhaseReason = "SignalReceived";
            status.Transitions.Add(new PhaseTransition(RemediationPhase.Pending, reason, time.GetUtcNow(), Controller));
            return true;
        }, ct);
        _unopenedSince.TryRemove(rr.Name, out _);
        return opened is null ? null : TimeSpan.Zero;
    }

    private async Task<TimeSpan?> StartAsync(RemediationRequest rr, CancellationToken ct)
    {
        var level = await trust.LevelAsync(rr.Spec.ClusterId, rr.Spec.TargetResource.Namespace, ct);
        if (level == TrustLevel.Ignore)
        {
            await FinishAsync(rr, RemediationPhase.Pending, RemediationPhase.Skipped, Outcomes.Ignored,
                $"trust level L0 (ignore) on {rr.Spec.ClusterId}/{rr.Spec.TargetResource.Namespace}: recorded, not investigated", s => s.TrustLevel = (int)level, hold: true, ct);
            return null;
        }

        return await MoveAsync(rr, RemediationPhase.Pending, RemediationPhase.Investigating, $"trust level L{(int)level}: investigating",
            s => s.TrustLevel = (int)level, ct) is null ? null : TimeSpan.Zero;
    }

    private async Task<TimeSpan?> InvestigateAsync(RemediationRequest rr, CancellationToken ct)
    {
        var result = await RunStageAsync(rr, StageNames.Investigate, stages.Investigation.InvestigateAsync, s => s.Investigation, ct);
        return await CompleteStageAsync(rr, StageNames.Investigate, result, RemediationPhase.Investigating, Outcomes.InvestigationFailed, async v =>
            await MoveAsync(rr, RemediationPhase.Investigating, RemediationPhase.AwaitingDecision, "investigation finished: " + v.Summary,
                s => { s.Investigation = v; StageDone(s, StageNames.Investigate, v.Summary); }, ct), ct);
    }

    private async Task<TimeSpan?> ExecuteAsync(RemediationRequest rr, CancellationToken ct)
    {
        var result = await RunStageAsync(rr, StageNames.Execute, stages.Execution.ExecuteAsync, s => s.Execution, ct);
        return await CompleteStageAsync(rr, StageNames.Execute, result, RemediationPhase.Executing, Outcomes.ExecutionFailed, async v => v.Succeeded
            ? await MoveAsync(rr, RemediationPhase.Executing, RemediationPhase.Verifying, "execution finished: " + v.Message,
                s => { s.Execution = v; StageDone(s, StageNames.Execute, v.Message); }, ct)
            : await FinishAsync(rr, RemediationPhase.Executing, RemediationPhase.Failed, Outcomes.ExecutionFailed, "execution failed: " + v.Message,
                s => { s.Execution = v; StageDone(s, StageNames.Execute, v.Message, StageRecord.Failed); }, hold: false, ct), ct);
    }

    private async Task<TimeSpan?> VerifyAsync(RemediationRequest rr, CancellationToken ct)
    {
        var result = await RunStageAsync(rr, StageNames.Verify, stages.Verification.VerifyAsync, s => s.Verification, ct);
        return await CompleteStageAsync(rr, StageNames.Verify, result, RemediationPhase.Verifying, Outcomes.VerificationFailed, async v => v.Passed
            ? await FinishAsync(rr, RemediationPhase.Verifying, RemediationPhase.Completed, Outcomes.Remediated, "verification passed: " + v.Message,
                s => { s.Verification = v; StageDone(s, StageNames.Verify, v.Message); }, hold: false, ct)
            : await FinishAsync(rr, RemediationPhase.Verifying, RemediationPhase.Failed, Outcomes.VerificationFailed, "verification failed: " + v.Message,
                s => { s.Verification = v; StageDone(s, StageNames.Verify, v.Message, StageRecord.Failed); }, hold: false, ct), ct);
    }

    private async Task<TimeSpan?> AwaitApprovalAsync(RemediationRequest rr, CancellationToken ct)
    {
        var result = await RunStageAsync(rr, StageNames.Approve, stages.Approval.RequestApprovalAsync, s => s.Stages[StageNames.Approve].Message, ct);
        if (result is null || result.RecheckAfter is not null || result.Failure is not null)
        {
            return result?.RecheckAfter;
        }

        if (rr.Status?.Stages.GetValueOrDefault(StageNames.Approve)?.State != StageRecord.Succeeded)
        {
            rr = await MoveAsync(rr, RemediationPhase.AwaitingApproval, RemediationPhase.AwaitingApproval, "",
                s => StageDone(s, StageNames.Approve, result.Value ?? "approval requested"), ct) ?? rr;
        }

        return rr.Status?.Decision switch
        {
            null => null,
            { Decision: DecisionRecord.Reject } d => Next(await FinishAsync(rr, RemediationPhase.AwaitingApproval, RemediationPhase.Cancelled, Outcomes.Rejected,
                $"rejected by {d.By} via {d.Via}: {d.Reason}", null, hold: false, ct)),
            _ => await GateAsync(rr, RemediationPhase.AwaitingApproval, null, ct),
        };
    }
}
