using System.Text.Json.Serialization;

namespace Kubernaut.Hub.Remediation;

/// <summary>The <c>kubernaut.ai/v1alpha1</c> RemediationRequest custom resource, as stored on the hub cluster.</summary>
internal sealed class RemediationRequest() : KubernautResource<RemediationSpec, RemediationStatus>(KindName)
{
    public const string Plural = "remediationrequests";
    public const string KindName = "RemediationRequest";
    public const string FingerprintLabel = "kubernaut.ai/fingerprint";
    public const string ClusterLabel = "kubernaut.ai/cluster";

    [JsonIgnore]
    public string Phase => Status?.OverallPhase ?? RemediationPhase.Pending;
}

internal sealed class ObjectMeta
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }

    [JsonPropertyName("uid")]
    public string? Uid { get; set; }

    [JsonPropertyName("resourceVersion")]
    public string? ResourceVersion { get; set; }

    [JsonPropertyName("creationTimestamp")]
    public DateTimeOffset? CreationTimestamp { get; set; }

    [JsonPropertyName("labels")]
    public Dictionary<string, string>? Labels { get; set; }

    [JsonPropertyName("annotations")]
    public Dictionary<string, string>? Annotations { get; set; }
}

internal sealed class RemediationSpec
{
    [JsonPropertyName("signalFingerprint")]
    public string SignalFingerprint { get; set; } = "";

    [JsonPropertyName("signalName")]
    public string SignalName { get; set; } = "";

    [JsonPropertyName("severity")]
    public string Severity { get; set; } = "unknown";

    /// <summary><c>alert</c> or <c>natural-language</c>.</summary>
    [JsonPropertyName("signalType")]
    public string SignalType { get; set; } = "alert";

    [JsonPropertyName("signalSource")]
    public string SignalSource { get; set; } = "";

    [JsonPropertyName("targetType")]
    public string TargetType { get; set; } = "kubernetes";

    [JsonPropertyName("clusterID")]
    public string ClusterId { get; set; } = "";

    [JsonPropertyName("incidentGeneration")]
    public int IncidentGeneration { get; set; }

    [JsonPropertyName("targetResource")]
    public TargetResource TargetResource { get; set; } = new();

    [JsonPropertyName("firingTime")]
    public DateTimeOffset? FiringTime { get; set; }

    [JsonPropertyName("receivedTime")]
    public DateTimeOffset ReceivedTime { get; set; }

    [JsonPropertyName("description")]
    public string? Description { get; set; }

    [JsonPropertyName("signalLabels")]
    public Dictionary<string, string>? SignalLabels { get; set; }

    [JsonPropertyName("signalAnnotations")]
    public Dictionary<string, string>? SignalAnnotations { get; set; }
}

internal sealed class TargetResource
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "apps/v1";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("namespace")]
    public string Namespace { get; set; } = "";
}
