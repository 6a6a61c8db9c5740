using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Kubernaut.Hub.A2A.Wire;

/// <summary>A2A task states (v0.3.0 spelling).</summary>
internal static class TaskStates
{
    public const string Submitted = "submitted";
    public const string Working = "working";
    public const string InputRequired = "input-required";
    public const string Completed = "completed";
    public const string Canceled = "canceled";
    public const string Failed = "failed";
    public const string Rejected = "rejected";
    public const string AuthRequired = "auth-required";
    public const string Unknown = "unknown";

    /// <summary>States that end a stream (<c>final: true</c>): the task is done, or it waits for the caller.</summary>
    public static bool EndsStream(string state) => state is InputRequired or AuthRequired || IsTerminal(state);

    public static bool IsTerminal(string state) => state is Completed or Canceled or Failed or Rejected;
}

/// <summary>One turn: the user's or the agent's.</summary>
internal sealed record Message(
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("parts")] IReadOnlyList<Part> Parts,
    [property: JsonPropertyName("messageId")] string MessageId,
    [property: JsonPropertyName("taskId")] string? TaskId = null,
    [property: JsonPropertyName("contextId")] string? ContextId = null,
    [property: JsonPropertyName("referenceTaskIds")] IReadOnlyList<string>? ReferenceTaskIds = null,
    [property: JsonPropertyName("metadata")] JsonObject? Metadata = null)
{
    [JsonPropertyName("kind")]
    public string Kind => "message";

    public static Message Agent(string messageId, string taskId, string contextId, IReadOnlyList<Part> parts, JsonObject? metadata = null) =>
        new("agent", parts, messageId, taskId, contextId, Metadata: metadata);

    /// <summary>The text parts joined, the way a person would read the message.</summary>
    [JsonIgnore]
    public string Text => string.Join("\n", Parts.OfType<TextPart>().Select(p => p.Text));
}

internal sealed record A2ATaskStatus(
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("message")] Message? Message = null,
    [property: JsonPropertyName("timestamp")] string? Timestamp = null);

internal sealed record Artifact(
    [property: JsonPropertyName("artifactId")] string ArtifactId,
    [property: JsonPropertyName("parts")] IReadOnlyList<Part> Parts,
    [property: JsonPropertyName("name")] string? Name = null,
    [property: JsonPropertyName("description")] string? Description = null,
    [property: JsonPropertyName("metadata")] JsonObject? Metadata = null);

/// <summary>An A2A task: here, one caller's view onto a RemediationRequest.</summary>
internal sealed record AgentTask(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("contextId")] string ContextId,
    [property: JsonPropertyName("status")] A2ATaskStatus Status,
    [property: JsonPropertyName("history")] IReadOnlyList<Message>? History = null,
    [property: JsonPropertyName("artifacts")] IReadOnlyList<Artifact>? Artifacts = null,
    [property: JsonPropertyName("metadata")] JsonObject? Metadata = null)
{
    [JsonPropertyName("kind")]
    public string Kind => "task";
}

internal sealed record TaskStatusUpdateEvent(
    [property: JsonPropertyName("taskId")] string TaskId,
    [property: JsonPropertyName("contextId")] string ContextId,
    [property: JsonPropertyName("status")] A2ATaskStatus Status,
    [property: JsonPropertyName("final")] bool Final,
    [property: JsonPropertyName("metadata")] JsonObject? Metadata = null)
{
    [JsonPropertyName("kind")]
    public string Kind => "status-update";
}

internal sealed record TaskArtifactUpdateEvent(
    [property: JsonPropertyName("taskId")] string TaskId,
    [property: JsonPropertyName("contextId")] string ContextId,
    [property: JsonPropertyName("artifact")] Artifact Artifact,
    [property: JsonPropertyName("append")] bool? Append = null,
    [property: JsonPropertyName("lastChunk")] bool? LastChunk = null,
    [property: JsonPropertyName("metadata")] JsonObject? Metadata = null)
{
    [JsonPropertyName("kind")]
    public string Kind => "artifact-update";
}

internal sealed record MessageSendConfiguration(
    [property: JsonPropertyName("acceptedOutputModes")] IReadOnlyList<string>? AcceptedOutputModes = null,
    [property: JsonPropertyName("historyLength")] int? HistoryLength = null,
    [property: JsonPropertyName("blocking")] bool? Blocking = null);

internal sealed record MessageSendParams(
    [property: JsonPropertyName("message")] Message Message,
    [property: JsonPropertyName("configuration")] MessageSendConfiguration? Configuration = null,
    [property: JsonPropertyName("metadata")] JsonObject? Metadata = null);

internal sealed record TaskQueryParams(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("historyLength")] int? HistoryLength = null,
    [property: JsonPropertyName("metadata")] JsonObject? Metadata = null);

internal sealed record TaskIdParams(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("metadata")] JsonObject? Metadata = null);
