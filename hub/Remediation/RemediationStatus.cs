using System.Text.Json.Serialization;

namespace Kubernaut.Hub.Remediation;

/// <summary>Everything the hub learns and decides about a request; the only state the lifecycle resumes from.</summary>
internal sealed class RemediationStatus
{
    [JsonPropertyName("overallPhase")]
    public string? OverallPhase { get; set; }

    [JsonPropertyName("phaseReason")]
    public string? PhaseReason { get; set; }

    [JsonPropertyName("trustLevel")]
    public int? TrustLevel { get; set; }

    [JsonPropertyName("deduplication")]
    public Deduplication Deduplication { get; set; } = new();

    [JsonPropertyName("signalState")]
    public SignalState? SignalState { get; set; }

    [JsonPropertyName("transitions")]
    public List<PhaseTransition> Transitions { get; set; } = [];

    /// <summary>Per stage (investigate, propose, approve, execute, verify): started/finished and its idempotency key.</summary>
    [JsonPropertyName("stages")]
    public Dictionary<string, StageRecord> Stages { get; set; } = [];

    [JsonPropertyName("investigation")]
    public InvestigationResult? Investigation { get; set; }

    [JsonPropertyName("proposal")]
    public RemediationProposal? Proposal { get; set; }

    [JsonPropertyName("decision")]
    public DecisionRecord? Decision { get; set; }

    [JsonPropertyName("execution")]
    public ExecutionResult? Execution { get; set; }

    [JsonPropertyName("verification")]
    public VerificationResult? Verification { get; set; }

    /// <summary>The executor's persisted progress: what it created (ephemeral identity, AWX credential, job) and cleaned up.</summary>
    [JsonPropertyName("executionProgress")]
    public Execution.ExecutionProgress? ExecutionProgress { get; set; }

    /// <summary>The verifier's baseline and progress, taken when verification starts.</summary>
    [JsonPropertyName("verificationProgress")]
    public Verification.VerificationProgress? VerificationProgress { get; set; }

    [JsonPropertyName("routingStatus")]
    public RoutingStatus? RoutingStatus { get; set; }

    [JsonPropertyName("completionStatus")]
    public CompletionStatus? CompletionStatus { get; set; }

    [JsonPropertyName("onboardingChecklist")]
    public List<ChecklistItem>? OnboardingChecklist { get; set; }
}

internal sealed class Deduplication
{
    [JsonPropertyName("firstSeenAt")]
    public DateTimeOffset? FirstSeenAt { get; set; }

    [JsonPropertyName("lastSeenAt")]
    public DateTimeOffset? LastSeenAt { get; set; }

    [JsonPropertyName("occurrenceCount")]
    public int OccurrenceCount { get; set; }
}

internal sealed class SignalState
{
    /// <summary><c>firing</c> or <c>resolved</c>, as the latest notification said.</summary>
    [JsonPropertyName("state")]
    public string State { get; set; } = "firing";

    [JsonPropertyName("resolvedAt")]
    public DateTimeOffset? ResolvedAt { get; set; }
}

internal sealed record PhaseTransition(
    [property: JsonPropertyName("phase")] string Phase,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("by")] string By);

internal sealed class StageRecord
{
    public const string Started = "Started";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";

    [JsonPropertyName("state")]
    public string State { get; set; } = Started;

    [JsonPropertyName("idempotencyKey")]
    public string IdempotencyKey { get; set; } = "";

    [JsonPropertyName("startedAt")]
    public DateTimeOffset StartedAt { get; set; }

    [JsonPropertyName("completedAt")]
    public DateTimeOffset? CompletedAt { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }
}

internal sealed class RoutingStatus
{
    [JsonPropertyName("blockReason")]
    public string? BlockReason { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    /// <summary>While in the future, new signals for the target merge into this request (hold, backoff, cooldown).</summary>
    [JsonPropertyName("nextAllowedExecution")]
    public DateTimeOffset? NextAllowedExecution { get; set; }
}

internal sealed class CompletionStatus
{
    /// <summary>Remediated, DryRun, Observed, Ignored, Rejected, ExecutionFailed, VerificationFailed.</summary>
    [JsonPropertyName("outcome")]
    public string Outcome { get; set; } = "";

    [JsonPropertyName("failurePhase")]
    public string? FailurePhase { get; set; }

    [JsonPropertyName("requiresManualReview")]
    public bool RequiresManualReview { get; set; }

    [JsonPropertyName("completedAt")]
    public DateTimeOffset? CompletedAt { get; set; }
}

internal sealed record ChecklistItem(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("message")] string Message);
