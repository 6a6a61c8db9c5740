namespace Kubernaut.Hub.Remediation.Lifecycle;

internal sealed partial class LifecycleSteps
{
    private static TimeSpan? Next(RemediationRequest? moved) => moved is null ? null : TimeSpan.Zero;

    /// <summary>
    /// Runs a stage with its idempotency key (<c>{request}/{stage}</c>, the same on every replica and after every
    /// restart). The Started marker is written first, so the record shows a stage in flight; a stage that already
    /// succeeded is not called again: its persisted result is returned.
    /// </summary>
    private async Task<StageResult<T>?> RunStageAsync<T>(RemediationRequest rr, string stage,
        Func<StageContext, CancellationToken, Task<StageResult<T>>> call, Func<RemediationStatus, T?> stored, CancellationToken ct)
    {
        var key = $"{rr.Name}/{stage}";
        var record = rr.Status?.Stages.GetValueOrDefault(stage);
        if (record?.State == StageRecord.Succeeded)
        {
            return StageResult<T>.Completed(stored(rr.Status!)!);
        }

        if (record is null)
        {
            var phase = rr.Phase;
            var marked = await store.UpdateStatusAsync(rr.Name, r =>
            {
                if (r.Phase != phase || r.Status?.Stages.ContainsKey(stage) == true)
                {
                    return false;
                }

                (r.Status ??= new RemediationStatus()).Stages[stage] = new StageRecord { IdempotencyKey = key, StartedAt = time.GetUtcNow() };
                return true;
            }, ct);
            if (marked is null || marked.Phase != phase)
            {
                return null;
            }

            rr = marked;
            await audit.StageAsync(rr, stage, StageRecord.Started, key, "started", ct);
        }

        // A replica that lost the lease stops before causing anything outside the hub.
        if (!leadership.IsLeader)
        {
            return null;
        }

        return await call(new StageContext(rr, key), ct);
    }

    private async Task<TimeSpan?> CompleteStageAsync<T>(RemediationRequest rr, string stage, StageResult<T>? result, string phase, string failureOutcome,
        Func<T, Task<RemediationRequest?>> onCompleted, CancellationToken ct)
    {
        if (result is null)
        {
            return null;
        }

        if (result.RecheckAfter is { } recheck)
        {
            return recheck;
        }

        if (result.Failure is { } failure)
        {
            return Next(await FinishAsync(rr, phase, RemediationPhase.Failed, failureOutcome, $"{stage} failed: {failure}",
                s => StageDone(s, stage, failure, StageRecord.Failed), hold: false, ct));
        }

        return Next(await onCompleted(result.Value!));
    }

    private void StageDone(RemediationStatus status, string stage, string message, string state = StageRecord.Succeeded)
    {
        var record = status.Stages.GetValueOrDefault(stage) ?? new StageRecord { StartedAt = time.GetUtcNow() };
        record.State = state;
        record.CompletedAt = time.GetUtcNow();
        record.Message = message;
        status.Stages[stage] = record;
    }

    /// <summary>Ends the request; a hold keeps absorbing signals for the target (L0-L2 outcomes) for the hold period.</summary>
    private Task<RemediationRequest?> FinishAsync(RemediationRequest rr, string from, string to, string outcome, string reason,
        Action<RemediationStatus>? change, bool hold, CancellationToken ct) =>
        MoveAsync(rr, from, to, reason, s =>
        {
            change?.Invoke(s);
            var now = time.GetUtcNow();
            s.CompletionStatus = new CompletionStatus
            {
                Outcome = outcome,
                CompletedAt = now,
                FailurePhase = to == RemediationPhase.Failed ? from : null,
            };
            s.RoutingStatus = hold ? new RoutingStatus { NextAllowedExecution = now + trustOptions.Value.HoldPeriod, Message = "holding: new signals merge into this request" } : null;
        }, ct);

    /// <summary>
    /// Writes a change (and, when <paramref name="to"/> differs, a transition) only if the request is still in
    /// <paramref name="from"/>; returns null when it was not (someone else moved it first).
    /// </summary>
    private async Task<RemediationRequest?> MoveAsync(RemediationRequest rr, string from, string to, string reason, Action<RemediationStatus>? change,
        CancellationToken ct)
    {
        var moved = false;
        TimeSpan? spent = null;
        var updated = await store.UpdateStatusAsync(rr.Name, r =>
        {
            moved = r.Phase == from;
            if (!moved)
            {
                return false;
            }

            var status = r.Status ??= new RemediationStatus();
            change?.Invoke(status);
            if (to != from)
            {
                var now = time.GetUtcNow();
                spent = status.Transitions.Count > 0 ? now - status.Transitions[^1].At : null;
                status.OverallPhase = to;
                status.PhaseReason = reason;
                status.Transitions.Add(new PhaseTransition(to, reason, now, Controller));
            }

            return true;
        }, ct);
        if (!moved || updated is null)
        {
            return null;
        }

        if (to != from)
        {
            await audit.TransitionAsync(updated, from, to, reason, Controller, ct);
            metrics.Transition(to);
            if (spent is { } inPhase)
            {
                metrics.LeftPhase(from, inPhase);
            }
        }

        return updated;
    }
}
