using Kubernaut.Hub.Remediation.Lifecycle;

namespace Kubernaut.Hub.Remediation;

/// <summary>The outcome of asking to decide on a request.</summary>
internal sealed record DecisionOutcome(RemediationRequest? Request, string? Conflict)
{
    public static readonly DecisionOutcome NotFound = new(null, null);
}

/// <summary>
/// Records a human approval or rejection on a request that is waiting for one. Used by the REST API; the MCP tools and
/// the console (later issues) call the same service with their own "via".
/// </summary>
internal sealed class DecisionService(RemediationStore store, RemediationAudit audit, LifecycleTrigger trigger, TimeProvider time)
{
    public async Task<DecisionOutcome> DecideAsync(string id, string decision, string? workflow, IReadOnlyDictionary<string, string>? parameters,
        string? reason, string actor, string via, CancellationToken ct)
    {
        string? conflict = null;
        DecisionRecord? record = null;
        var updated = await store.UpdateStatusAsync(id, rr =>
        {
            if (rr.Phase != RemediationPhase.AwaitingApproval || rr.Status?.Decision is not null)
            {
                conflict = rr.Status?.Decision is { } d
                    ? $"{rr.Name} was already decided ({d.Decision} by {d.By} via {d.Via})"
                    : $"{rr.Name} is {rr.Phase}; decisions are taken only in {RemediationPhase.AwaitingApproval}";
                return false;
            }

            conflict = null;
            record = new DecisionRecord(decision, actor, via, reason, time.GetUtcNow(), workflow, parameters);
            rr.Status!.Decision = record;
            return true;
        }, ct);
        if (updated is null)
        {
            return DecisionOutcome.NotFound;
        }

        if (conflict is not null)
        {
            return new DecisionOutcome(updated, conflict);
        }

        await audit.DecisionAsync(updated, record!, ct);
        trigger.Kick();
        return new DecisionOutcome(updated, null);
    }
}
