using Kubernaut.Hub.Execution;
using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Kubernaut.Hub.Approval;

/// <summary>
/// <c>POST /api/v1/remediations/{id}/decision</c>: approve, reject, or approve with an override (another workflow
/// and/or other parameters, checked against that workflow's schema: 400 listing every problem). The decider is the
/// JWT's <c>preferred_username</c> (the approver role is required by policy); decision, decider and interface go
/// into the request and the audit trail.
/// </summary>
internal static class DecisionEndpoint
{
    public static async Task<Results<Ok<RemediationView>, NotFound<ProblemDetails>, Conflict<ProblemDetails>, ValidationProblem>> DecideAsync(
        string id, DecisionRequest? body, DecisionService decisions, RemediationStore store, WorkflowCatalog catalog, HttpContext http, CancellationToken ct)
    {
        var decision = body?.Decision?.Trim().ToLowerInvariant();
        if (decision is not (DecisionRecord.Approve or DecisionRecord.Reject))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["decision"] = ["must be \"approve\" or \"reject\""],
            }, title: "invalid decision");
        }

        if (decision == DecisionRecord.Approve)
        {
            if (await store.GetAsync(id, ct) is not { } rr)
            {
                return TypedResults.NotFound(NotFound(id));
            }

            var overrides = body!.Workflow is { Length: > 0 } || body.Parameters is { Count: > 0 };
            if (rr.Phase == RemediationPhase.AwaitingApproval && !overrides && rr.Status?.Proposal?.Workflow is null)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["workflow"] = ["no workflow was proposed; approve with \"workflow\" naming one from the catalog, or reject"],
                }, title: "nothing to approve");
            }

            // A plain approval takes the proposal as the proposal stage checked it; an override is checked here, in full.
            if (rr.Phase == RemediationPhase.AwaitingApproval && overrides)
            {
                var (_, errors) = await RunPlanner.PlanAsync(rr, body.Workflow, body.Parameters, catalog, ct);
                if (errors.Count > 0)
                {
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                    {
                        [body.Parameters is { Count: > 0 } ? "parameters" : "workflow"] = [.. errors],
                    }, title: "override refused: " + string.Join("; ", errors));
                }
            }
        }

        var outcome = await decisions.DecideAsync(id, decision, body!.Workflow, body.Parameters, body.Reason, Decider.Of(http.User), "api", ct);
        if (outcome.Request is null)
        {
            return TypedResults.NotFound(NotFound(id));
        }

        return outcome.Conflict is { } conflict
            ? TypedResults.Conflict(new ProblemDetails { Title = "decision not accepted", Detail = conflict, Status = StatusCodes.Status409Conflict })
            : TypedResults.Ok(RemediationView.From(outcome.Request));
    }

    private static ProblemDetails NotFound(string id) =>
        new() { Title = "remediation not found", Detail = $"no RemediationRequest named {id}", Status = StatusCodes.Status404NotFound };
}
