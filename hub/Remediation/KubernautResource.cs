using System.Text.Json.Serialization;

namespace Kubernaut.Hub.Remediation;

/// <summary>The shape every <c>kubernaut.ai/v1alpha1</c> custom resource the hub stores shares: type, metadata, spec, status.</summary>
internal abstract class KubernautResource<TSpec, TStatus>(string kind)
    where TSpec : new()
    where TStatus : class
{
    public const string Group = "kubernaut.ai";
    public const string Version = "v1alpha1";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = Group + "/" + Version;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = kind;

    [JsonPropertyName("metadata")]
    public ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public TSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public TStatus? Status { get; set; }

    [JsonIgnore]
    public string Name => Metadata.Name ?? "";
}
