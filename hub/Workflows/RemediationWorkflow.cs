using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kubernaut.Hub.Workflows;

/// <summary>
/// A <c>kubernaut.ai/v1alpha1</c> RemediationWorkflow as the catalog reads it from the hub: what it does and when,
/// what it matches, its typed parameters, the AWX job template it launches, the exact RBAC its playbook needs and how
/// to verify it (ocm-manifests/crds/remediationworkflow.yaml).
/// </summary>
internal sealed record RemediationWorkflow(
    [property: JsonPropertyName("metadata")] WorkflowMetadata Metadata,
    [property: JsonPropertyName("spec")] WorkflowSpec Spec)
{
    public const string Group = "kubernaut.ai";
    public const string Version = "v1alpha1";
    public const string Plural = "remediationworkflows";
    public const string Kind = "RemediationWorkflow";

    [JsonIgnore]
    public string Name => Metadata.Name;

    public WorkflowParameter? Parameter(string name) => Spec.Parameters.FirstOrDefault(p => p.Name == name);
}

internal sealed record WorkflowMetadata(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("namespace")] string? Namespace = null,
    [property: JsonPropertyName("generation")] long? Generation = null);

internal sealed record WorkflowSpec(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("description")] WorkflowDescription Description,
    [property: JsonPropertyName("actionType")] string ActionType,
    [property: JsonPropertyName("risk")] string Risk,
    [property: JsonPropertyName("matches")] WorkflowMatches Matches,
    [property: JsonPropertyName("execution")] WorkflowExecution Execution,
    [property: JsonPropertyName("rbac")] WorkflowRbac Rbac,
    [property: JsonPropertyName("parameters")] IReadOnlyList<WorkflowParameter>? ParameterList = null,
    [property: JsonPropertyName("verification")] WorkflowVerification? Verification = null)
{
    [JsonIgnore]
    public IReadOnlyList<WorkflowParameter> Parameters => ParameterList ?? [];
}

internal sealed record WorkflowDescription(
    [property: JsonPropertyName("what")] string What,
    [property: JsonPropertyName("whenToUse")] string WhenToUse,
    [property: JsonPropertyName("whenNotToUse")] string? WhenNotToUse = null,
    [property: JsonPropertyName("preconditions")] string? Preconditions = null);

internal sealed record WorkflowMatches(
    [property: JsonPropertyName("rootCauseCategories")] IReadOnlyList<string>? RootCauseCategories = null,
    [property: JsonPropertyName("targetKinds")] IReadOnlyList<string>? TargetKinds = null,
    [property: JsonPropertyName("labels")] IReadOnlyDictionary<string, string>? Labels = null);

internal sealed record WorkflowParameter(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("required")] bool Required = false,
    [property: JsonPropertyName("description")] string? Description = null,
    [property: JsonPropertyName("enum")] IReadOnlyList<string>? Enum = null,
    [property: JsonPropertyName("pattern")] string? Pattern = null,
    [property: JsonPropertyName("minimum")] double? Minimum = null,
    [property: JsonPropertyName("maximum")] double? Maximum = null,
    [property: JsonPropertyName("default")] JsonElement? Default = null);

internal sealed record WorkflowExecution(
    [property: JsonPropertyName("engine")] string Engine,
    [property: JsonPropertyName("jobTemplate")] string JobTemplate,
    [property: JsonPropertyName("playbook")] string? Playbook = null);

internal sealed record WorkflowRbac(
    [property: JsonPropertyName("rules")] IReadOnlyList<PolicyRule>? Rules = null,
    [property: JsonPropertyName("clusterRules")] IReadOnlyList<PolicyRule>? ClusterRules = null);

/// <summary>One Kubernetes RBAC rule, exactly as it is granted (resourceNames may reference parameters).</summary>
internal sealed record PolicyRule(
    [property: JsonPropertyName("apiGroups")] IReadOnlyList<string> ApiGroups,
    [property: JsonPropertyName("resources")] IReadOnlyList<string> Resources,
    [property: JsonPropertyName("verbs")] IReadOnlyList<string> Verbs,
    [property: JsonPropertyName("resourceNames")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<string>? ResourceNames = null);

internal sealed record WorkflowVerification(
    [property: JsonPropertyName("window")] string? Window = null,
    [property: JsonPropertyName("checks")] IReadOnlyList<VerificationCheck>? Checks = null);

internal sealed record VerificationCheck(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("description")] string? Description = null,
    [property: JsonPropertyName("query")] string? Query = null,
    [property: JsonPropertyName("direction")] string? Direction = null,
    [property: JsonPropertyName("reason")] string? Reason = null);

internal static class WorkflowRisk
{
    public const string Low = "low";
    public const string Medium = "medium";
    public const string High = "high";
}
