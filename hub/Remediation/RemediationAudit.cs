using System.Text.Json;
using System.Text.Json.Nodes;
using Kubernaut.Hub.Audit;

namespace Kubernaut.Hub.Remediation;

/// <summary>Writes the audit entries that tell a request's story: signals, transitions, stages, decisions.</summary>
internal sealed class RemediationAudit(IAuditTrail trail)
{
    /// <summary>One signal; <paramref name="occurrenceCount"/> is the request's count with this signal in it.</summary>
    public Task SignalAsync(RemediationRequest rr, Signal signal, bool created, int occurrenceCount, CancellationToken ct) =>
        trail.AppendAsync(new AuditRecord(AuditKinds.Signal, rr.Name, signal.Actor, signal.Source,
            $"{signal.Type} {signal.Name} ({signal.State}) on {signal.Cluster}/{signal.Subject.Namespace}/{signal.Subject.Kind}/{signal.Subject.Name}" +
            (created ? "; opened this request" : $"; occurrence {occurrenceCount} of an open request"),
            Data(new JsonObject
            {
                ["signal"] = signal.Name,
                ["state"] = signal.State,
                ["created"] = created,
                ["occurrenceCount"] = occurrenceCount,
                ["phase"] = rr.Phase,
                ["description"] = signal.Description,
            })), ct);

    /// <summary>
    /// Repeats of firing signals on an open request, counted in memory and written together: one entry per flush says
    /// how many of which signal arrived between when and when, and what the request's count became.
    /// </summary>
    public Task OccurrencesAsync(RemediationRequest rr, CoalescedOccurrences batch, CancellationToken ct) =>
        trail.AppendAsync(new AuditRecord(AuditKinds.Signal, rr.Name, batch.Actor, batch.Source,
            $"{batch.Count} repeated occurrence(s) of {string.Join(", ", batch.BySignal.Select(s => $"{s.Key} ×{s.Value}"))} " +
            $"between {batch.First:O} and {batch.Last:O}; occurrence count now {rr.Status?.Deduplication.OccurrenceCount}",
            Data(new JsonObject
            {
                ["coalesced"] = true,
                ["occurrences"] = batch.Count,
                ["signals"] = new JsonObject([.. batch.BySignal.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value))]),
                ["state"] = SignalStates.Firing,
                ["created"] = false,
                ["firstSeenAt"] = batch.First,
                ["lastSeenAt"] = batch.Last,
                ["occurrenceCount"] = rr.Status?.Deduplication.OccurrenceCount ?? 0,
                ["phase"] = rr.Phase,
            })), ct);

    public Task TransitionAsync(RemediationRequest rr, string from, string to, string reason, string by, CancellationToken ct) =>
        trail.AppendAsync(new AuditRecord(AuditKinds.Transition, rr.Name, by, "controller", reason,
            Data(new JsonObject { ["from"] = from, ["to"] = to, ["phase"] = to, ["trustLevel"] = rr.Status?.TrustLevel })), ct);

    /// <summary>
    /// Appends the transitions the request's own record holds but the audit trail lacks, in order. A replica that wrote a
    /// transition and stopped before auditing it leaves exactly such a gap at the end; its successor closes it, marking
    /// each entry as recorded on resume. Nothing is appended when the audited transitions are not a prefix of the
    /// recorded ones: it never guesses. Returns how many were appended.
    /// </summary>
    public async Task<int> RecordMissingTransitionsAsync(RemediationRequest rr, CancellationToken ct)
    {
        const int Page = 500;
        var recorded = rr.Status?.Transitions ?? [];
        var audited = new List<string?>();
        long after = 0;
        while (true)
        {
            var page = await trail.ReadAsync(rr.Name, after, Page, ct);
            audited.AddRange(page.Where(e => e.Kind == AuditKinds.Transition).Select(e => JsonNode.Parse(e.Data)?["to"]?.GetValue<string>()));
            if (page.Count < Page)
            {
                break;
            }

            after = page[^1].Seq;
        }

        if (audited.Count >= recorded.Count || !audited.SequenceEqual(recorded.Take(audited.Count).Select(t => (string?)t.Phase)))
        {
            return 0;
        }

        for (var i = audited.Count; i < recorded.Count; i++)
        {
            var t = recorded[i];
            await TransitionAsync(rr, i == 0 ? "" : recorded[i - 1].Phase, t.Phase,
                $"{t.Reason} (recorded on resume: the transition was made at {t.At:O} and not yet audited)", t.By, ct);
        }

        return recorded.Count - audited.Count;
    }

    public Task StageAsync(RemediationRequest rr, string stage, string state, string idempotencyKey, string message, CancellationToken ct) =>
        trail.AppendAsync(new AuditRecord(AuditKinds.Stage, rr.Name, "kubernaut-hub", "controller", $"{stage} {state}: {message}",
            Data(new JsonObject { ["stage"] = stage, ["state"] = state, ["idempotencyKey"] = idempotencyKey })), ct);

    public Task DecisionAsync(RemediationRequest rr, DecisionRecord decision, CancellationToken ct) =>
        trail.AppendAsync(new AuditRecord(AuditKinds.Decision, rr.Name, decision.By, decision.Via, decision.Reason ?? decision.Decision,
            JsonSerializer.Serialize(decision, RemediationStore.Json)), ct);

    private static string Data(JsonObject data) => data.ToJsonString();
}
