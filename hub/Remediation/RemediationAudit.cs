using System.Text.Json;
using System.Text.Json.Nodes;
using Kubernaut.Hub.Audit;

namespace Kubernaut.Hub.Remediation;

/// <summary>Writes the audit entries that tell a request's story: signals, transitions, stages, decisions.</summary>
internal sealed class RemediationAudit(IAuditTrail trail)
{
    public Task SignalAsync(RemediationRequest rr, Signal signal, bool created, CancellationToken ct) =>
        trail.AppendAsync(new AuditRecord(AuditKinds.Signal, rr.Name, signal.Actor, signal.Source,
            $"{signal.Type} {signal.Name} ({signal.State}) on {signal.Cluster}/{signal.Subject.Namespace}/{signal.Subject.Kind}/{signal.Subject.Name}" +
            (created ? "; opened this request" : $"; occurrence {rr.Status?.Deduplication.OccurrenceCount} of an open request"),
            Data(new JsonObject
            {
                ["signal"] = signal.Name,
                ["state"] = signal.State,
                ["created"] = created,
                ["occurrenceCount"] = rr.Status?.Deduplication.OccurrenceCount ?? 0,
                ["phase"] = rr.Phase,
                ["description"] = signal.Description,
            })), ct);

    public Task TransitionAsync(RemediationRequest rr, string from, string to, string reason, string by, CancellationToken ct) =>
        trail.AppendAsync(new AuditRecord(AuditKinds.Transition, rr.Name, by, "controller", reason,
            Data(new JsonObject { ["from"] = from, ["to"] = to, ["phase"] = to, ["trustLevel"] = rr.Status?.TrustLevel })), ct);

    public Task StageAsync(RemediationRequest rr, string stage, string state, string idempotencyKey, string message, CancellationToken ct) =>
        trail.AppendAsync(new AuditRecord(AuditKinds.Stage, rr.Name, "kubernaut-hub", "controller", $"{stage} {state}: {message}",
            Data(new JsonObject { ["stage"] = stage, ["state"] = state, ["idempotencyKey"] = idempotencyKey })), ct);

    public Task DecisionAsync(RemediationRequest rr, DecisionRecord decision, CancellationToken ct) =>
        trail.AppendAsync(new AuditRecord(AuditKinds.Decision, rr.Name, decision.By, decision.Via, decision.Reason ?? decision.Decision,
            JsonSerializer.Serialize(decision, RemediationStore.Json)), ct);

    private static string Data(JsonObject data) => data.ToJsonString();
}
