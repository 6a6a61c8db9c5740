using System.Text.Json.Serialization;

namespace Kubernaut.Hub.Audit;

/// <summary>What happened, to which request, by whom, through which interface, and why.</summary>
internal sealed record AuditRecord(string Kind, string? RemediationId, string Actor, string Via, string Reason, string Data = "{}");

/// <summary>A stored audit entry: the record plus its place in the hash chain.</summary>
internal sealed record AuditEntry(
    [property: JsonPropertyName("seq")] long Seq,
    [property: JsonPropertyName("at")] string At,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("remediationId")] string? RemediationId,
    [property: JsonPropertyName("actor")] string Actor,
    [property: JsonPropertyName("via")] string Via,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("data")] string Data,
    [property: JsonPropertyName("prevHash")] string PrevHash,
    [property: JsonPropertyName("hash")] string Hash);

/// <summary>The outcome of re-computing the chain: where it first breaks, if it does.</summary>
internal sealed record AuditVerification(
    [property: JsonPropertyName("valid")] bool Valid,
    [property: JsonPropertyName("entriesChecked")] long EntriesChecked,
    [property: JsonPropertyName("firstInvalidSeq")] long? FirstInvalidSeq,
    [property: JsonPropertyName("problem")] string? Problem);

internal static class AuditKinds
{
    public const string Signal = "signal";
    public const string Transition = "transition";
    public const string Decision = "decision";
    public const string Stage = "stage";
    public const string Action = "action";

    /// <summary>A step of an investigation as it happens: what was looked at, what was found, why it matters (or a model's tokens).</summary>
    public const string Transcript = "transcript";

    /// <summary>A session's participants and driver seat changing hands.</summary>
    public const string Session = "session";

    /// <summary>A conversational turn: what a participant said (the reason) and what the hub answered (<c>data.reply</c>, <c>data.answer</c>).</summary>
    public const string Turn = "turn";
}
