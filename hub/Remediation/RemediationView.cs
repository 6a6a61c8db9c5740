using System.Text.Json.Serialization;

namespace Kubernaut.Hub.Remediation;

/// <summary>A RemediationRequest as the REST API (and SSE, MCP, console) shows it.</summary>
internal sealed record RemediationView
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("cluster")]
    public required string Cluster { get; init; }

    [JsonPropertyName("namespace")]
    public required string Namespace { get; init; }

    [JsonPropertyName("target")]
    public required TargetView Target { get; init; }

    [JsonPropertyName("phase")]
    public required string Phase { get; init; }

    [JsonPropertyName("phaseReason")]
    public string? PhaseReason { get; init; }

    [JsonPropertyName("occurrenceCount")]
    public int OccurrenceCount { get; init; }

    [JsonPropertyName("trustLevel")]
    public int? TrustLevel { get; init; }

    [JsonPropertyName("fingerprint")]
    public required string Fingerprint { get; init; }

    [JsonPropertyName("signal")]
    public required SignalView Signal { get; init; }

    [JsonPropertyName("createdAt")]
    public DateTimeOffset? CreatedAt { get; init; }

    [JsonPropertyName("firstSeenAt")]
    public DateTimeOffset? FirstSeenAt { get; init; }

    [JsonPropertyName("lastSeenAt")]
    public DateTimeOffset? LastSeenAt { get; init; }

    [JsonPropertyName("transitions")]
    public IReadOnlyList<PhaseTransition> Transitions { get; init; } = [];

    [JsonPropertyName("stages")]
    public IReadOnlyDictionary<string, StageRecord> Stages { get; init; } = new Dictionary<string, StageRecord>();

    [JsonPropertyName("investigation")]
    public InvestigationResult? Investigation { get; init; }

    [JsonPropertyName("proposal")]
    public RemediationProposal? Proposal { get; init; }

    [JsonPropertyName("decision")]
    public DecisionRecord? Decision { get; init; }

    [JsonPropertyName("execution")]
    public ExecutionResult? Execution { get; init; }

    /// <summary>The run's ephemeral identity and AWX job, as the executor recorded them (names only, never a secret).</summary>
    [JsonPropertyName("executionProgress")]
    public Execution.ExecutionProgress? ExecutionProgress { get; init; }

    [JsonPropertyName("verification")]
    public VerificationResult? Verification { get; init; }

    [JsonPropertyName("routing")]
    public RoutingStatus? Routing { get; init; }

    [JsonPropertyName("completion")]
    public CompletionStatus? Completion { get; init; }

    [JsonPropertyName("onboardingChecklist")]
    public IReadOnlyList<ChecklistItem>? OnboardingChecklist { get; init; }

    /// <summary>For a natural-language signal: how the text was read (set only in the intake response).</summary>
    [JsonPropertyName("resolution")]
    public object? Resolution { get; init; }

    public static RemediationView From(RemediationRequest rr) => new()
    {
        Id = rr.Name,
        Cluster = rr.Spec.ClusterId,
        Namespace = rr.Spec.TargetResource.Namespace,
        Target = new TargetView(rr.Spec.TargetResource.Kind, rr.Spec.TargetResource.Name, rr.Spec.TargetResource.ApiVersion),
        Phase = rr.Phase,
        PhaseReason = rr.Status?.PhaseReason,
        OccurrenceCount = rr.Status?.Deduplication.OccurrenceCount ?? 0,
        TrustLevel = rr.Status?.TrustLevel,
        Fingerprint = rr.Spec.SignalFingerprint,
        Signal = new SignalView(rr.Spec.SignalName, rr.Spec.SignalType, rr.Spec.SignalSource, rr.Spec.Severity,
            rr.Status?.SignalState?.State ?? "firing", rr.Spec.Description, rr.Spec.SignalLabels),
        CreatedAt = rr.Metadata.CreationTimestamp,
        FirstSeenAt = rr.Status?.Deduplication.FirstSeenAt,
        LastSeenAt = rr.Status?.Deduplication.LastSeenAt,
        Transitions = rr.Status?.Transitions ?? [],
        Stages = rr.Status?.Stages ?? [],
        Investigation = rr.Status?.Investigation,
        Proposal = rr.Status?.Proposal,
        Decision = rr.Status?.Decision,
        Execution = rr.Status?.Execution,
        ExecutionProgress = rr.Status?.ExecutionProgress,
        Verification = rr.Status?.Verification,
        Routing = rr.Status?.RoutingStatus,
        Completion = rr.Status?.CompletionStatus,
        OnboardingChecklist = rr.Status?.OnboardingChecklist,
    };
}

internal sealed record TargetView(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("apiVersion")] string ApiVersion);

internal sealed record SignalView(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("labels")] IReadOnlyDictionary<string, string>? Labels);

internal sealed record RemediationList([property: JsonPropertyName("items")] IReadOnlyList<RemediationView> Items);
