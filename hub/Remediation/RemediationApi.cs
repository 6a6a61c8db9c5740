using System.Text.Json.Serialization;
using Kubernaut.Hub.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Kubernaut.Hub.Remediation;

/// <summary><c>/api/v1/remediations</c>: list, read, decide.</summary>
internal static class RemediationApi
{
    public static IEndpointRouteBuilder MapRemediationApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/remediations").WithTags("Remediations");
        group.MapGet("/", ListAsync).WithName("ListRemediations").RequireAuthorization(HubPolicies.Viewer);
        group.MapGet("/{id}", GetAsync).WithName("GetRemediation").RequireAuthorization(HubPolicies.Viewer);
        group.MapPost("/{id}/decision", Approval.DecisionEndpoint.DecideAsync).WithName("DecideRemediation").RequireAuthorization(HubPolicies.Approver);
        return app;
    }

    private static async Task<Ok<RemediationList>> ListAsync(RemediationStore store, string? cluster, string? phase, CancellationToken ct)
    {
        var items = (await store.ListAsync(cluster is null ? null : $"{RemediationRequest.ClusterLabel}={cluster}", ct))
            .Where(r => phase is null || string.Equals(r.Phase, phase, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(r => r.Metadata.CreationTimestamp)
            .Select(RemediationView.From)
            .ToList();
        return TypedResults.Ok(new RemediationList(items));
    }

    private static async Task<Results<Ok<RemediationView>, NotFound<ProblemDetails>>> GetAsync(string id, RemediationStore store, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } rr
            ? TypedResults.Ok(RemediationView.From(rr))
            : TypedResults.NotFound(NotFoundProblem(id));

    private static ProblemDetails NotFoundProblem(string id) =>
        new() { Title = "remediation not found", Detail = $"no RemediationRequest named {id}", Status = StatusCodes.Status404NotFound };
}

internal sealed record DecisionRequest(
    [property: JsonPropertyName("decision")] string? Decision,
    [property: JsonPropertyName("workflow")] string? Workflow,
    [property: JsonPropertyName("parameters")] Dictionary<string, string>? Parameters,
    [property: JsonPropertyName("reason")] string? Reason);
