using System.Text.Json.Serialization;
using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Selection;

namespace Kubernaut.Hub.Mcp;

/// <summary>One request in a list (upstream's <c>{id,namespace,name,phase,kind,target}</c>, plus the cluster and the hub's id).</summary>
internal sealed record RemediationSummary(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("rr_id")] string RrId,
    [property: JsonPropertyName("cluster")] string Cluster,
    [property: JsonPropertyName("namespace")] string Namespace,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("phase")] string Phase,
    [property: JsonPropertyName("signal")] string Signal,
    [property: JsonPropertyName("created_at")] DateTimeOffset? CreatedAt,
    [property: JsonPropertyName("workflow")] string? Workflow)
{
    public static RemediationSummary Of(RemediationRequest rr) => new(rr.Name, $"{rr.Metadata.Namespace}/{rr.Name}", rr.Spec.ClusterId,
        rr.Spec.TargetResource.Namespace, rr.Spec.TargetResource.Name, rr.Spec.TargetResource.Kind,
        $"{rr.Spec.TargetResource.Kind}/{rr.Spec.TargetResource.Name}", rr.Phase, rr.Spec.SignalName, rr.Metadata.CreationTimestamp,
        rr.Status?.Decision?.Workflow ?? rr.Status?.Proposal?.Workflow);
}

internal sealed record RemediationList(
    [property: JsonPropertyName("remediations")] IReadOnlyList<RemediationSummary> Remediations,
    [property: JsonPropertyName("count")] int Count);

/// <summary>A workflow option as agents render it: name, description, risk, confidence, parameters (and why).</summary>
internal sealed record OptionShape(
    [property: JsonPropertyName("workflow_id")] string WorkflowId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("action_type")] string ActionType,
    [property: JsonPropertyName("risk")] string Risk,
    [property: JsonPropertyName("confidence")] double Confidence,
    [property: JsonPropertyName("parameters")] IReadOnlyDictionary<string, string> Parameters,
    [property: JsonPropertyName("rationale")] string Rationale,
    [property: JsonPropertyName("ready")] bool Ready,
    [property: JsonPropertyName("recommended")] bool Recommended)
{
    public static IReadOnlyList<OptionShape> Of(RemediationRequest rr) => Of(rr.Status?.Proposal?.Options, rr.Status?.Proposal?.Workflow);

    public static IReadOnlyList<OptionShape> Of(IReadOnlyList<WorkflowOption>? options, string? proposed) =>
        [.. (options ?? []).Select(o => new OptionShape(o.Workflow, o.Workflow, o.Description, o.ActionType, o.Risk, o.Confidence, o.Parameters, o.Rationale, o.Ready,
            o.Workflow == proposed))];
}

internal sealed record RemediationDetail(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("rr_id")] string RrId,
    [property: JsonPropertyName("cluster")] string Cluster,
    [property: JsonPropertyName("namespace")] string Namespace,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("phase")] string Phase,
    [property: JsonPropertyName("options")] IReadOnlyList<OptionShape> Options,
    [property: JsonPropertyName("detail")] RemediationView Detail);

/// <summary>Upstream's <c>{status, message}</c> for actions, with the request's phase after it.</summary>
internal sealed record ActionResult(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("rr_id")] string? RrId = null,
    [property: JsonPropertyName("phase")] string? Phase = null);

internal sealed record WatchShape(
    [property: JsonPropertyName("rr_id")] string RrId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("done")] bool Done,
    [property: JsonPropertyName("cursor")] long Cursor,
    [property: JsonPropertyName("streamed")] int Streamed,
    [property: JsonPropertyName("events")] IReadOnlyList<WatchEvent> Events);

internal sealed record SignalResult(
    [property: JsonPropertyName("rr_id")] string RrId,
    [property: JsonPropertyName("created")] bool Created,
    [property: JsonPropertyName("already_exists")] bool AlreadyExists,
    [property: JsonPropertyName("phase")] string Phase,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("severity_source")] string SeveritySource,
    [property: JsonPropertyName("message")] string Message);
