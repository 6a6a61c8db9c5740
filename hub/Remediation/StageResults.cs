using System.Text.Json.Serialization;

namespace Kubernaut.Hub.Remediation;

/// <summary>
/// What an investigation concluded. <see cref="Categories"/> use the workflow catalog's root-cause vocabulary
/// (awx-playbooks/*.workflow.yaml <c>matches.rootCauseCategories</c>: oom-killed, config-change, memory-limit,
/// replicas-lost, node-drain, bad-rollout, image-pull, liveness-probe, cpu-saturation, hpa-at-max, disk-full, …),
/// most specific first; empty when inconclusive. <see cref="Facts"/> are evidence-derived values that workflow
/// parameters are filled from (e.g. <c>configmap</c>, <c>previousRevision</c>, <c>peakMemoryBytes</c>, <c>statefulset</c>,
/// <c>desiredReplicas</c>, <c>node</c>, <c>deployment</c>, <c>container</c>, <c>namespace</c>).
/// </summary>
internal sealed record InvestigationResult(
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("rootCause")] string? RootCause,
    [property: JsonPropertyName("categories")] IReadOnlyList<string>? Categories = null,
    [property: JsonPropertyName("confidence")] double Confidence = 0,
    [property: JsonPropertyName("evidence")] IReadOnlyList<EvidenceItem>? Evidence = null,
    [property: JsonPropertyName("facts")] IReadOnlyDictionary<string, string>? Facts = null,
    [property: JsonPropertyName("inconclusive")] bool Inconclusive = false);

/// <summary>One observation in the evidence chain: where it came from (tool or query), what it showed, and why it matters.</summary>
internal sealed record EvidenceItem(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("finding")] string Finding,
    [property: JsonPropertyName("significance")] string? Significance = null,
    [property: JsonPropertyName("at")] DateTimeOffset? At = null);

internal sealed record RemediationProposal(
    [property: JsonPropertyName("workflow")] string? Workflow,
    [property: JsonPropertyName("confidence")] double Confidence,
    [property: JsonPropertyName("risk")] string Risk,
    [property: JsonPropertyName("parameters")] IReadOnlyDictionary<string, string> Parameters,
    [property: JsonPropertyName("rationale")] string Rationale,
    [property: JsonPropertyName("options")] IReadOnlyList<Selection.WorkflowOption>? Options = null);

internal sealed record DecisionRecord(
    [property: JsonPropertyName("decision")] string Decision,
    [property: JsonPropertyName("by")] string By,
    [property: JsonPropertyName("via")] string Via,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("workflow")] string? Workflow,
    [property: JsonPropertyName("parameters")] IReadOnlyDictionary<string, string>? Parameters)
{
    public const string Approve = "approve";
    public const string Reject = "reject";
}

internal sealed record ExecutionResult(
    [property: JsonPropertyName("succeeded")] bool Succeeded,
    [property: JsonPropertyName("reference")] string? Reference,
    [property: JsonPropertyName("message")] string Message);

internal sealed record VerificationResult(
    [property: JsonPropertyName("passed")] bool Passed,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("workflow")] string? Workflow = null,
    [property: JsonPropertyName("score")] double? Score = null,
    [property: JsonPropertyName("components")] IReadOnlyDictionary<string, double>? Components = null,
    [property: JsonPropertyName("checks")] IReadOnlyList<string>? Checks = null);
