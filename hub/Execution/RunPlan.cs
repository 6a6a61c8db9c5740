using System.Text.Json.Nodes;
using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Selection;
using Kubernaut.Hub.Workflows;

namespace Kubernaut.Hub.Execution;

/// <summary>What will run for a request: the workflow, its checked parameters (typed for AWX), and the exact RBAC.</summary>
internal sealed record RunPlan(RemediationWorkflow Workflow, IReadOnlyDictionary<string, string> Parameters, IReadOnlyDictionary<string, JsonNode?> Values,
    string TargetNamespace, ResolvedRbac Rbac);

/// <summary>
/// Resolves the run from the proposal and the decision: an override may name another workflow (its parameters start
/// from that option's filled-in ones, if it was presented) and/or other parameters, which replace the proposed ones
/// name by name. Everything is checked against the workflow's schema; a plan is either complete and valid or refused
/// with every reason.
/// </summary>
internal static class RunPlanner
{
    public static async Task<(RunPlan? Plan, IReadOnlyList<string> Errors)> PlanAsync(RemediationRequest rr, string? workflowOverride,
        IReadOnlyDictionary<string, string>? parameterOverride, WorkflowCatalog catalog, CancellationToken ct)
    {
        var proposal = rr.Status?.Proposal;
        var name = workflowOverride is { Length: > 0 } ? workflowOverride : proposal?.Workflow;
        if (name is null)
        {
            return (null, ["no workflow was proposed; name one in \"workflow\""]);
        }

        var workflow = await catalog.FindAsync(name, ct);
        if (workflow is null)
        {
            var known = (await catalog.ListAsync(ct)).Select(w => w.Name);
            return (null, [$"workflow {name} is not in the catalog (known: {string.Join(", ", known)})"]);
        }

        var start = name == proposal?.Workflow
            ? proposal.Parameters
            : proposal?.Options?.FirstOrDefault(o => o.Workflow == name)?.Parameters ?? new Dictionary<string, string>();
        var parameters = new Dictionary<string, string>(start, StringComparer.Ordinal);
        foreach (var (key, value) in parameterOverride ?? new Dictionary<string, string>())
        {
            parameters[key] = value;
        }

        var check = ParameterSchema.Check(workflow, parameters, ProposalStage.ReservedParameters);
        if (!check.IsValid)
        {
            return (null, [.. check.Errors.Select(e => $"{workflow.Name} parameter {e}")]);
        }

        parameters.Remove("restart_token");
        var values = check.Values.Where(v => v.Key != "restart_token").ToDictionary(v => v.Key, v => v.Value);
        var targetNamespace = parameters.GetValueOrDefault("namespace") is { Length: > 0 } ns ? ns : rr.Spec.TargetResource.Namespace;
        var rbac = RbacTemplate.Resolve(workflow, values);
        if (rbac.Rules.Count + rbac.ClusterRules.Count == 0)
        {
            return (null, [$"{workflow.Name} grants no RBAC with these parameters; refusing to run a job that could do nothing (or anything)"]);
        }

        return (new RunPlan(workflow, parameters, values, targetNamespace, rbac), []);
    }
}
