using System.Security.Claims;
using System.Text.Json.Serialization;
using Kubernaut.Hub.Audit;
using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Selection;

namespace Kubernaut.Hub.Sessions;

/// <summary>
/// One front for every interactive client (MCP gateway, A2A, console): a turn of text about the fleet or about one
/// RemediationRequest. The MCP tools and the A2A JSON-RPC methods are thin protocol adapters over this seam, so a
/// conversation behaves the same whichever protocol carries it.
/// </summary>
internal interface IConversation
{
    /// <summary>
    /// Joins (or opens) the session for a RemediationRequest: returns its current state and its history at once,
    /// without restarting or duplicating the investigation. The caller becomes the driver when nobody drives.
    /// </summary>
    Task<SessionSnapshot> JoinAsync(SessionJoin join, CancellationToken ct);

    /// <summary>
    /// Handles one turn. Without <see cref="ConversationTurn.RemediationId"/> the text is a question or report about the
    /// fleet: it finds the running RemediationRequest it is about, or opens one as a natural-language signal. With one,
    /// it is a follow-up: a question answered from the investigation's evidence, or a choice ("go with rollback-config")
    /// that decides when the caller is the session's driver and holds the approver role.
    /// </summary>
    Task<ConversationReply> SayAsync(ConversationTurn turn, CancellationToken ct);

    /// <summary>Hands the driver seat of a session to another participant; only the current driver may.</summary>
    Task<SessionSnapshot> HandOverAsync(string sessionId, ClaimsPrincipal from, string toParticipant, CancellationToken ct);
}

/// <summary>Who joins which request, through which protocol (<c>mcp</c>, <c>a2a</c>, <c>rest</c>, <c>console</c>), and an existing session id to resume.</summary>
internal sealed record SessionJoin(string RemediationId, ClaimsPrincipal User, string Via, string? SessionId = null, string? ExternalId = null);

/// <summary>A user's turn. <see cref="ExternalId"/> links a protocol's own id (an A2A task id, an MCP session id) to the session.</summary>
internal sealed record ConversationTurn(
    string Text,
    ClaimsPrincipal User,
    string Via,
    string? RemediationId = null,
    string? SessionId = null,
    string? Cluster = null,
    string? ExternalId = null);

/// <summary>What a participant sees on joining: the request now, everything that happened so far, and the cursor to follow live events from.</summary>
internal sealed record SessionSnapshot(
    [property: JsonPropertyName("sessionId")] string SessionId,
    [property: JsonPropertyName("remediation")] RemediationView Remediation,
    [property: JsonPropertyName("history")] IReadOnlyList<AuditEntry> History,
    [property: JsonPropertyName("cursor")] long Cursor,
    [property: JsonPropertyName("driver")] string? Driver,
    [property: JsonPropertyName("participants")] IReadOnlyList<string> Participants);

/// <summary>
/// The answer to a turn: prose for a chat window, and structured parts a client renders (the workflow options, the
/// decision taken). <see cref="Kind"/> is one of <c>answer</c>, <c>joined</c>, <c>opened</c>, <c>selected</c>,
/// <c>needs-input</c>, <c>refused</c>.
/// </summary>
internal sealed record ConversationReply(
    [property: JsonPropertyName("sessionId")] string SessionId,
    [property: JsonPropertyName("remediationId")] string? RemediationId,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("phase")] string? Phase = null,
    [property: JsonPropertyName("options")] IReadOnlyList<WorkflowOption>? Options = null,
    [property: JsonPropertyName("selected")] string? Selected = null);
