using System.Text.Json.Nodes;
using Kubernaut.Hub.Audit;

namespace Kubernaut.Hub.Investigation.Transcript;

/// <summary>What a transcript entry is.</summary>
internal static class TranscriptKinds
{
    /// <summary>A sentence of the investigator's reasoning: what it looked at, what it found, why it matters.</summary>
    public const string Narration = "narration";

    /// <summary>A tool or query call (name and arguments), before its result is read.</summary>
    public const string ToolCall = "tool-call";

    /// <summary>A piece of a model's streamed answer.</summary>
    public const string Token = "token";

    /// <summary>The finished analysis.</summary>
    public const string Conclusion = "conclusion";

    /// <summary>Something outside the investigation is holding it up (Keycloak down) or it changed course (LLM fallback).</summary>
    public const string Status = "status";

    /// <summary>Pre-investigation context (maintenance windows, recent deployments).</summary>
    public const string Context = "context";
}

/// <summary>
/// Appends one investigation's transcript to the audit trail as it happens (kind <c>transcript</c>), so the
/// request's SSE stream (<c>/api/v1/remediations/{id}/events</c>) shows each step live and the record keeps it.
/// </summary>
internal sealed class TranscriptWriter(IAuditTrail trail, string remediationId, string mode)
{
    private int _step;

    public string Mode { get; } = mode;

    public Task SayAsync(string text, CancellationToken ct) => WriteAsync(TranscriptKinds.Narration, text, null, ct);

    public Task ToolAsync(string tool, string arguments, CancellationToken ct) =>
        WriteAsync(TranscriptKinds.ToolCall, $"{tool}({arguments})", new JsonObject { ["tool"] = tool, ["arguments"] = arguments }, ct);

    public Task WriteAsync(string kind, string text, JsonObject? data, CancellationToken ct)
    {
        var payload = data ?? new JsonObject();
        payload["step"] = Interlocked.Increment(ref _step);
        payload["type"] = kind;
        payload["mode"] = Mode;
        payload["text"] = text;
        return trail.AppendAsync(new AuditRecord(AuditKinds.Transcript, remediationId, "kubernaut-investigator", Mode, text, payload.ToJsonString()), ct);
    }
}
