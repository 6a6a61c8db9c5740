using System.Text.Json.Serialization;

namespace Kubernaut.Hub.Execution;

/// <summary>
/// What the executor has done for one request, persisted in the RR status before and after every external effect:
/// each object's name (its idempotency key) is written before it is created, its creation time after. A hub that dies
/// at any point, or another replica, resumes from this record and cleans up whatever it names; nothing here is secret.
/// </summary>
internal sealed class ExecutionProgress
{
    [JsonPropertyName("workflow")]
    public string Workflow { get; set; } = "";

    [JsonPropertyName("jobTemplate")]
    public string JobTemplate { get; set; } = "";

    [JsonPropertyName("parameters")]
    public Dictionary<string, string> Parameters { get; set; } = [];

    [JsonPropertyName("cluster")]
    public string Cluster { get; set; } = "";

    [JsonPropertyName("targetNamespace")]
    public string TargetNamespace { get; set; } = "";

    [JsonPropertyName("startedAt")]
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>ManagedServiceAccount and ClusterPermission, both <c>{cluster}/{name}</c> on the hub.</summary>
    [JsonPropertyName("serviceAccount")]
    public string ServiceAccount { get; set; } = "";

    [JsonPropertyName("serviceAccountCreatedAt")]
    public DateTimeOffset? ServiceAccountCreatedAt { get; set; }

    [JsonPropertyName("permission")]
    public string Permission { get; set; } = "";

    [JsonPropertyName("permissionCreatedAt")]
    public DateTimeOffset? PermissionCreatedAt { get; set; }

    /// <summary>The exact rules granted (namespaced, then cluster-wide), for the record.</summary>
    [JsonPropertyName("grantedRules")]
    public List<string> GrantedRules { get; set; } = [];

    [JsonPropertyName("accessReadyAt")]
    public DateTimeOffset? AccessReadyAt { get; set; }

    [JsonPropertyName("awxCredentialName")]
    public string AwxCredentialName { get; set; } = "";

    [JsonPropertyName("awxCredentialId")]
    public int? AwxCredentialId { get; set; }

    [JsonPropertyName("launchRequestedAt")]
    public DateTimeOffset? LaunchRequestedAt { get; set; }

    [JsonPropertyName("awxJobTemplateId")]
    public int? AwxJobTemplateId { get; set; }

    [JsonPropertyName("awxJobId")]
    public int? AwxJobId { get; set; }

    [JsonPropertyName("awxJobStatus")]
    public string? AwxJobStatus { get; set; }

    [JsonPropertyName("launchedAt")]
    public DateTimeOffset? LaunchedAt { get; set; }

    [JsonPropertyName("stdoutLines")]
    public int StdoutLines { get; set; }

    [JsonPropertyName("awxUnreachableSince")]
    public DateTimeOffset? AwxUnreachableSince { get; set; }

    /// <summary>Set once the job (or the attempt) is over; cleanup follows.</summary>
    [JsonPropertyName("outcome")]
    public ExecutionOutcome? Outcome { get; set; }

    [JsonPropertyName("cleanup")]
    public CleanupState Cleanup { get; set; } = new();
}

internal sealed record ExecutionOutcome(
    [property: JsonPropertyName("succeeded")] bool Succeeded,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("at")] DateTimeOffset At);

internal sealed class CleanupState
{
    [JsonPropertyName("credentialDeletedAt")]
    public DateTimeOffset? CredentialDeletedAt { get; set; }

    [JsonPropertyName("permissionDeletedAt")]
    public DateTimeOffset? PermissionDeletedAt { get; set; }

    [JsonPropertyName("serviceAccountDeletedAt")]
    public DateTimeOffset? ServiceAccountDeletedAt { get; set; }

    [JsonPropertyName("lastError")]
    public string? LastError { get; set; }

    [JsonIgnore]
    public bool HubSideDone => PermissionDeletedAt is not null && ServiceAccountDeletedAt is not null;

    [JsonIgnore]
    public bool Done => HubSideDone && CredentialDeletedAt is not null;
}
