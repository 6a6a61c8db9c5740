using System.Text.Json.Nodes;
using Kubernaut.Hub.Audit;
using Kubernaut.Hub.Remediation;

namespace Kubernaut.Hub.Execution;

/// <summary>Persists the executor's progress on the request, and tells the request's story (its SSE events) as it goes.</summary>
internal sealed class ExecutionJournal(RemediationStore store, IAuditTrail audit)
{
    public const string Actor = "kubernaut-executor";

    /// <summary>Writes <paramref name="progress"/> into the request's status; false when the request is gone.</summary>
    public async Task<bool> SaveAsync(string rr, ExecutionProgress progress, CancellationToken ct) =>
        await store.UpdateStatusAsync(rr, r =>
        {
            (r.Status ??= new RemediationStatus()).ExecutionProgress = progress;
            return true;
        }, ct) is not null;

    public Task NoteAsync(string rr, string what, JsonObject? data, CancellationToken ct) =>
        audit.AppendAsync(new AuditRecord(AuditKinds.Action, rr, Actor, "awx", what, (data ?? []).ToJsonString()), ct);

    /// <summary>New lines of the job's stdout, as one event (AWX already masks credential secrets; the token is masked again here).</summary>
    public Task StdoutAsync(string rr, int job, IReadOnlyList<string> lines, CancellationToken ct) =>
        audit.AppendAsync(new AuditRecord(AuditKinds.Action, rr, Actor, "awx", $"AWX job {job} output",
            new JsonObject { ["job"] = job, ["stream"] = "stdout", ["lines"] = new JsonArray([.. lines.Select(l => (JsonNode)l)]) }.ToJsonString()), ct);
}
