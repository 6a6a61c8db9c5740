using System.Text.Json.Serialization;

namespace Kubernaut.Hub.Remediation;

internal sealed record InvestigationResult(
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("rootCause")] string? RootCause);

internal sealed record RemediationProposal(
    [property: JsonPropertyName("workflow")] string? Workflow,
    [property: JsonPropertyName("confidence")] double Confidence,
    [property: JsonPropertyName("risk")] string Risk,
    [property: JsonPropertyName("parameters")] IReadOnlyDictionary<string, string> Parameters,
    [property: JsonPropertyName("rationale")] string Rationale);

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
    [property: JsonPropertyName("message")] string Message);
