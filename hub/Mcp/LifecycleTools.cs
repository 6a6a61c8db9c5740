using System.ComponentModel;
using System.Security.Claims;
using Kubernaut.Hub.Approval;
using Kubernaut.Hub.Execution;
using Kubernaut.Hub.Fleet;
using Kubernaut.Hub.Identity;
using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Signals;
using Kubernaut.Hub.Signals.NaturalLanguage;
using Kubernaut.Hub.Workflows;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Kubernaut.Hub.Mcp;

/// <summary>Remediation lifecycle: list, read, approve, cancel, watch, and report.</summary>
[McpServerToolType]
internal sealed class LifecycleTools(ToolGate gate, RemediationStore store, DecisionService decisions, WorkflowCatalog catalog, WatchStream watch,
    SignalIntake intake, NaturalLanguageResolver resolver)
{
    [McpServerTool(Name = "kubernaut_list_remediations", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("RemediationRequests across the fleet, newest first. Role: viewer.")]
    public async Task<RemediationList> ListAsync(ClaimsPrincipal? user,
        [Description("Only targets in this namespace")] string? @namespace = null,
        [Description("Only this phase, e.g. Investigating, AwaitingApproval, Executing, Completed")] string? phase = null,
        [Description("Only targets of this kind, e.g. Deployment")] string? kind = null,
        [Description("Only targets with this name")] string? name = null,
        [Description("Only this managed cluster")] string? cluster = null,
        CancellationToken cancellationToken = default)
    {
        await gate.RequireAsync(user, HubPolicies.Viewer, "kubernaut_list_remediations");
        var all = await store.ListAsync(cluster is { Length: > 0 } ? $"{RemediationRequest.ClusterLabel}={cluster}" : null, cancellationToken);
        var items = all
            .Where(r => Matches(@namespace, r.Spec.TargetResource.Namespace) && Matches(phase, r.Phase) && Matches(kind, r.Spec.TargetResource.Kind) && Matches(name, r.Spec.TargetResource.Name))
            .OrderByDescending(r => r.Metadata.CreationTimestamp)
            .Select(RemediationSummary.Of)
            .ToList();
        return new RemediationList(items, items.Count);
    }

    [McpServerTool(Name = "kubernaut_get_remediation", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("One RemediationRequest: phase, investigation (summary, root cause, evidence), the workflow options as structured data, decision, execution, verification. Role: viewer.")]
    public async Task<RemediationDetail> GetAsync(ClaimsPrincipal? user,
        [Description("The request: rr-… or namespace/name")] string? rr_id = null,
        [Description("The hub namespace (upstream form; optional)")] string? @namespace = null,
        [Description("The request name (with namespace, instead of rr_id)")] string? name = null,
        CancellationToken cancellationToken = default)
    {
        await gate.RequireAsync(user, HubPolicies.Viewer, "kubernaut_get_remediation");
        var rr = await LoadAsync(store, RemediationIds.Parse(rr_id, name), cancellationToken);
        var s = RemediationSummary.Of(rr);
        return new RemediationDetail(s.Id, s.RrId, s.Cluster, s.Namespace, s.Name, s.Kind, s.Target, s.Phase, OptionShape.Of(rr), RemediationView.From(rr));
    }

    [McpServerTool(Name = "kubernaut_approve", Destructive = true, Idempotent = false, OpenWorld = true, UseStructuredContent = true)]
    [Description("Approve or reject a request awaiting approval, optionally overriding the workflow and/or its parameters (checked against the workflow's schema). Role: approver.")]
    public async Task<ActionResult> ApproveAsync(ClaimsPrincipal? user,
        [Description("approve or reject")] string decision,
        [Description("The request: rr-… or namespace/name")] string? rr_id = null,
        [Description("Upstream form: the approval request name (rar-rr-…); the same as rr_id here")] string? rar_name = null,
        [Description("The hub namespace (upstream form; optional)")] string? @namespace = null,
        [Description("Why (recorded in the audit trail)")] string? reason = null,
        [Description("Run this workflow instead of the proposed one")] string? workflow_override = null,
        [Description("Parameter overrides, name → value")] Dictionary<string, string>? parameters = null,
        CancellationToken cancellationToken = default)
    {
        await gate.RequireAsync(user, HubPolicies.Approver, "kubernaut_approve");
        var verdict = decision?.Trim().ToLowerInvariant();
        if (verdict is not (DecisionRecord.Approve or DecisionRecord.Reject))
        {
            throw new McpException("decision must be \"approve\" or \"reject\"");
        }

        var rr = await LoadAsync(store, RemediationIds.Parse(rr_id ?? rar_name, null, "rr_id or rar_name"), cancellationToken);
        var overrides = workflow_override is { Length: > 0 } || parameters is { Count: > 0 };
        if (verdict == DecisionRecord.Approve && rr.Phase == RemediationPhase.AwaitingApproval && (overrides || rr.Status?.Proposal?.Workflow is null))
        {
            var (_, errors) = await RunPlanner.PlanAsync(rr, workflow_override, parameters, catalog, cancellationToken);
            if (errors.Count > 0)
            {
                throw new McpException("refused: " + string.Join("; ", errors));
            }
        }

        var outcome = await decisions.DecideAsync(rr.Name, verdict, workflow_override is { Length: > 0 } ? workflow_override : null, parameters, reason,
            Decider.Of(user ?? new ClaimsPrincipal()), "mcp", cancellationToken);
        if (outcome.Conflict is { } conflict)
        {
            throw new McpException("decision not accepted: " + conflict);
        }

        var updated = outcome.Request ?? rr;
        return new ActionResult(verdict == DecisionRecord.Approve ? "approved" : "rejected",
            $"{updated.Name} {verdict}d{(workflow_override is { Length: > 0 } ? " with " + workflow_override : "")} by {updated.Status?.Decision?.By}", updated.Name, updated.Phase);
    }

    [McpServerTool(Name = "kubernaut_cancel_remediation", Destructive = true, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Cancel a request that awaits a decision: it is rejected and no workflow runs. Role: approver.")]
    public async Task<ActionResult> CancelAsync(ClaimsPrincipal? user,
        [Description("The request: rr-… or namespace/name")] string? rr_id = null,
        [Description("The hub namespace (upstream form; optional)")] string? @namespace = null,
        [Description("The request name (with namespace, instead of rr_id)")] string? name = null,
        [Description("Why (recorded in the audit trail)")] string? reason = null,
        CancellationToken cancellationToken = default)
    {
        await gate.RequireAsync(user, HubPolicies.Approver, "kubernaut_cancel_remediation");
        var id = RemediationIds.Parse(rr_id, name);
        var outcome = await decisions.DecideAsync(id, DecisionRecord.Reject, null, null, reason ?? "cancelled via MCP", Decider.Of(user ?? new ClaimsPrincipal()), "mcp", cancellationToken);
        if (outcome.Request is null)
        {
            throw new McpException($"no RemediationRequest named {id}");
        }

        if (outcome.Conflict is { } conflict)
        {
            throw new McpException($"cannot cancel: {conflict}");
        }

        return new ActionResult("cancelled", $"{id} rejected; no workflow will run", id, outcome.Request.Phase);
    }

    [McpServerTool(Name = "kubernaut_watch", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Follow a request live: every audit entry after the cursor (transitions, investigation findings, decision, AWX job output, verification) is streamed at once as a progress notification (message \"#seq kind: text\"), until the request ends, reaches the phase asked for, or timeout_seconds pass. Returns the events and the cursor to resume from. Role: viewer.")]
    public async Task<WatchShape> WatchAsync(ClaimsPrincipal? user, RequestContext<CallToolRequestParams> request,
        [Description("The request: rr-… or namespace/name")] string? rr_id = null,
        [Description("The hub namespace (upstream form; optional)")] string? @namespace = null,
        [Description("The request name (with namespace, instead of rr_id)")] string? name = null,
        [Description("Resume after this sequence number (0: the whole history first)")] long cursor = 0,
        [Description("Stop when the request reaches this phase (or ends)")] string? until_phase = null,
        [Description("Longest time to follow, 0-600 seconds (0: only what happened so far)")] int timeout_seconds = 60,
        CancellationToken cancellationToken = default)
    {
        await gate.RequireAsync(user, HubPolicies.Viewer, "kubernaut_watch");
        if (timeout_seconds is < 0 or > 600 || cursor < 0)
        {
            throw new McpException("timeout_seconds must be 0-600 and cursor ≥ 0");
        }

        var id = RemediationIds.Parse(rr_id, name);
        await LoadAsync(store, id, cancellationToken);
        var result = await watch.FollowAsync(id, cursor, TimeSpan.FromSeconds(timeout_seconds),
            rr => RemediationPhase.IsTerminal(rr.Phase) || (until_phase is { Length: > 0 } && string.Equals(rr.Phase, until_phase, StringComparison.OrdinalIgnoreCase)),
            ProgressSink.For(request), cancellationToken);
        return new WatchShape(id, result.Request.Phase, result.Done, result.Cursor, result.Streamed, result.Events);
    }

    [McpServerTool(Name = "kubernaut_submit_signal", Destructive = false, Idempotent = false, OpenWorld = true, UseStructuredContent = true)]
    [Description("Report a problem: in words (text), or on a named workload (cluster, namespace, kind, name, description). Counted on the running request for that workload, or opens one. Role: operator.")]
    public async Task<SignalResult> SubmitSignalAsync(ClaimsPrincipal? user,
        [Description("The problem in words, e.g. \"payment processing in prod-eu-west feels sluggish\"")] string? text = null,
        [Description("Managed cluster of the workload")] string? cluster = null,
        [Description("Namespace of the workload")] string? @namespace = null,
        [Description("Kind: Deployment, StatefulSet, DaemonSet, Pod")] string? kind = null,
        [Description("Name of the workload")] string? name = null,
        [Description("What is wrong")] string? description = null,
        [Description("critical, warning or info")] string? severity = null,
        CancellationToken cancellationToken = default)
    {
        await gate.RequireAsync(user, HubPolicies.Operator, "kubernaut_submit_signal");
        var signal = await SignalFrom.ArgumentsAsync(resolver, user, text, cluster, @namespace, kind, name, description, severity, cancellationToken);
        return await SignalFrom.SubmitAsync(intake, signal, severity, cancellationToken);
    }

    internal static async Task<RemediationRequest> LoadAsync(RemediationStore store, string id, CancellationToken ct) =>
        await store.GetAsync(id, ct) ?? throw new McpException($"no RemediationRequest named {id}");

    private static bool Matches(string? wanted, string actual) => wanted is not { Length: > 0 } || string.Equals(wanted, actual, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Signals from tool arguments: words resolved against the inventory, or a named workload.</summary>
internal static class SignalFrom
{
    public static async Task<Signal> ArgumentsAsync(NaturalLanguageResolver resolver, ClaimsPrincipal? user, string? text, string? cluster, string? ns, string? kind,
        string? name, string? description, string? severity, CancellationToken ct)
    {
        if (severity is { Length: > 0 } && severity is not ("critical" or "warning" or "info"))
        {
            throw new McpException("severity must be critical, warning or info");
        }

        var actor = Decider.Of(user ?? new ClaimsPrincipal());
        if (text is { Length: > 0 } && name is not { Length: > 0 })
        {
            var resolution = await resolver.ResolveAsync(text, cluster, ct);
            if (!resolution.IsResolved)
            {
                throw new McpException($"cannot tell which {string.Join(" and ", resolution.Missing)} is meant: {resolution.Problem}" +
                    (resolution.Candidates.Count > 0 ? $" (candidates: {string.Join(", ", resolution.Candidates)})" : ""));
            }

            return new Signal
            {
                Cluster = resolution.Workload!.Cluster,
                Subject = resolution.Workload.Ref,
                Name = resolution.Symptom,
                Severity = severity ?? "warning",
                Type = "natural-language",
                Source = "mcp",
                Actor = actor,
                Description = text,
            };
        }

        if (cluster is not { Length: > 0 } || ns is not { Length: > 0 } || name is not { Length: > 0 })
        {
            throw new McpException("give text (the problem in words), or cluster, namespace, kind and name of the workload");
        }

        var k = kind is { Length: > 0 } ? kind : "Deployment";
        return new Signal
        {
            Cluster = cluster,
            Subject = new ObjectRef(k == "Pod" ? "v1" : "apps/v1", k, ns, name),
            Name = "ReportedProblem",
            Severity = severity ?? "warning",
            Type = "natural-language",
            Source = "mcp",
            Actor = actor,
            Description = description ?? text ?? $"reported on {k}/{name} via MCP",
        };
    }

    public static async Task<SignalResult> SubmitAsync(SignalIntake intake, Signal signal, string? severity, CancellationToken ct)
    {
        var outcome = await intake.AcceptAsync(signal, coalesce: false, occurrences: 1, ct);
        if (outcome.Request is not { } rr)
        {
            throw new McpException("signal not accepted: " + outcome.Rejection);
        }

        return new SignalResult(rr.Name, outcome.Created, !outcome.Created, rr.Phase, signal.Severity, severity is { Length: > 0 } ? "caller" : "default",
            outcome.Created ? $"opened {rr.Name} on {signal.Cluster}/{rr.Spec.TargetResource.Namespace}/{rr.Spec.TargetResource.Kind}/{rr.Spec.TargetResource.Name}"
                : $"counted on the open request {rr.Name} ({rr.Phase}); occurrence {rr.Status?.Deduplication.OccurrenceCount}");
    }
}
