using Kubernaut.Hub.A2A.Wire;
using Kubernaut.Hub.Remediation;

namespace Kubernaut.Hub.A2A;

/// <summary>
/// The A2A state of a task, read from its RemediationRequest's phase. The hub works on its own until a human has to
/// choose: <c>input-required</c> is exactly "options are on the table and nobody has decided yet".
/// </summary>
internal static class TaskStateMapping
{
    public static string FromPhase(string phase, bool decided) => phase switch
    {
        RemediationPhase.Pending => TaskStates.Submitted,
        RemediationPhase.Investigating or RemediationPhase.Executing or RemediationPhase.Verifying => TaskStates.Working,
        // AwaitingDecision is the hub choosing among workflows (the proposal stage), not a person's turn yet.
        RemediationPhase.AwaitingDecision => TaskStates.Working,
        RemediationPhase.AwaitingApproval => decided ? TaskStates.Working : TaskStates.InputRequired,
        // Blocked waits for a guardrail (fleet concurrency, cooldown, backoff) to clear by itself.
        RemediationPhase.Blocked => TaskStates.Working,
        RemediationPhase.Completed or RemediationPhase.Observed => TaskStates.Completed,
        RemediationPhase.Failed => TaskStates.Failed,
        RemediationPhase.Cancelled => TaskStates.Canceled,
        // L0: the cluster's trust level says the hub must not act on it.
        RemediationPhase.Skipped => TaskStates.Rejected,
        _ => TaskStates.Unknown,
    };

    public static string Of(RemediationView rr) => FromPhase(rr.Phase, rr.Decision is not null);
}
