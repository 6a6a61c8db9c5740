using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json.Serialization;
using Kubernaut.Hub.Audit;
using Kubernaut.Hub.Identity;
using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Workflows;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace Kubernaut.Hub.Mcp;

internal sealed record WorkflowShape(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("when_to_use")] string WhenToUse,
    [property: JsonPropertyName("action_type")] string ActionType,
    [property: JsonPropertyName("risk")] string Risk,
    [property: JsonPropertyName("kind")] IReadOnlyList<string> Kind,
    [property: JsonPropertyName("root_cause_categories")] IReadOnlyList<string> RootCauseCategories,
    [property: JsonPropertyName("parameters")] IReadOnlyList<string> Parameters);

internal sealed record WorkflowList(
    [property: JsonPropertyName("workflows")] IReadOnlyList<WorkflowShape> Workflows,
    [property: JsonPropertyName("count")] int Count);

internal sealed record Effectiveness(
    [property: JsonPropertyName("workflow_id")] string? WorkflowId,
    [property: JsonPropertyName("namespace")] string? Namespace,
    [property: JsonPropertyName("success_rate")] double? SuccessRate,
    [property: JsonPropertyName("avg_score")] double? AverageScore,
    [property: JsonPropertyName("avg_duration")] double? AverageDurationSeconds,
    [property: JsonPropertyName("sample_size")] int SampleSize);

internal sealed record AuditShape(
    [property: JsonPropertyName("rr_id")] string RrId,
    [property: JsonPropertyName("events")] IReadOnlyList<WatchEvent> Events,
    [property: JsonPropertyName("count")] int Count);

/// <summary>Data and history: the catalog, past requests, how well each workflow worked, the audit trail.</summary>
[McpServerToolType]
internal sealed class HistoryTools(ToolGate gate, WorkflowCatalog catalog, RemediationStore store, IAuditTrail trail)
{
    [McpServerTool(Name = "kubernaut_list_workflows", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("The remediation workflow catalog. Role: viewer.")]
    public async Task<WorkflowList> ListWorkflowsAsync(ClaimsPrincipal? user,
        [Description("Only workflows for this target kind, e.g. Deployment")] string? kind = null,
        [Description("Only workflows for this root-cause category, e.g. oom-killed")] string? category = null,
        CancellationToken cancellationToken = default)
    {
        await gate.RequireAsync(user, HubPolicies.Viewer, "kubernaut_list_workflows");
        var items = (await catalog.ListAsync(cancellationToken))
            .Where(w => kind is not { Length: > 0 } || (w.Spec.Matches.TargetKinds ?? []).Contains(kind, StringComparer.OrdinalIgnoreCase))
            .Where(w => category is not { Length: > 0 } || (w.Spec.Matches.RootCauseCategories ?? []).Contains(category, StringComparer.OrdinalIgnoreCase))
            .Select(w => new WorkflowShape(w.Name, w.Name, w.Spec.Description.What, w.Spec.Description.WhenToUse, w.Spec.ActionType, w.Spec.Risk,
                w.Spec.Matches.TargetKinds ?? [], w.Spec.Matches.RootCauseCategories ?? [], [.. w.Spec.Parameters.Select(p => p.Name)]))
            .ToList();
        return new WorkflowList(items, items.Count);
    }

    [McpServerTool(Name = "kubernaut_get_remediation_history", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Past and present requests on a target or namespace, newest first, with the workflow each ran. Role: viewer.")]
    public async Task<RemediationList> HistoryAsync(ClaimsPrincipal? user,
        [Description("Only targets in this namespace")] string? @namespace = null,
        [Description("Only targets of this kind")] string? kind = null,
        [Description("Only targets with this name")] string? name = null,
        [Description("Only this managed cluster")] string? cluster = null,
        [Description("Only requests created after this RFC 3339 time")] string? since = null,
        CancellationToken cancellationToken = default)
    {
        await gate.RequireAsync(user, HubPolicies.Viewer, "kubernaut_get_remediation_history");
        DateTimeOffset? after = null;
        if (since is { Length: > 0 })
        {
            after = DateTimeOffset.TryParse(since, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed : throw new McpException($"since \"{since}\" is not an RFC 3339 time");
        }

        var items = (await store.ListAsync(cluster is { Length: > 0 } ? $"{RemediationRequest.ClusterLabel}={cluster}" : null, cancellationToken))
            .Where(r => Is(@namespace, r.Spec.TargetResource.Namespace) && Is(kind, r.Spec.TargetResource.Kind) && Is(name, r.Spec.TargetResource.Name))
            .Where(r => after is null || r.Metadata.CreationTimestamp >= after)
            .OrderByDescending(r => r.Metadata.CreationTimestamp)
            .Select(RemediationSummary.Of)
            .ToList();
        return new RemediationList(items, items.Count);
    }

    [McpServerTool(Name = "kubernaut_get_effectiveness", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("How well a workflow (or every workflow in a namespace) worked: verified success rate, mean verification score, mean time from decision to verdict, sample size. Role: viewer.")]
    public async Task<Effectiveness> EffectivenessAsync(ClaimsPrincipal? user,
        [Description("The workflow, e.g. rollback-config")] string? workflow_id = null,
        [Description("Only targets in this namespace")] string? @namespace = null,
        CancellationToken cancellationToken = default)
    {
        await gate.RequireAsync(user, HubPolicies.Viewer, "kubernaut_get_effectiveness");
        if (workflow_id is { Length: > 0 } && await catalog.FindAsync(workflow_id, cancellationToken) is null)
        {
            throw new McpException($"workflow {workflow_id} is not in the catalog");
        }

        var verified = (await store.ListAsync(null, cancellationToken))
            .Where(r => r.Status?.Verification is not null && Is(@namespace, r.Spec.TargetResource.Namespace))
            .Where(r => workflow_id is not { Length: > 0 } || (r.Status!.Verification!.Workflow ?? r.Status.Decision?.Workflow ?? r.Status.Proposal?.Workflow) == workflow_id)
            .ToList();
        if (verified.Count == 0)
        {
            return new Effectiveness(workflow_id, @namespace, null, null, null, 0);
        }

        var durations = verified.Where(r => r.Status!.Decision is not null && r.Status.CompletionStatus?.CompletedAt is not null)
            .Select(r => (r.Status!.CompletionStatus!.CompletedAt!.Value - r.Status.Decision!.At).TotalSeconds).ToList();
        var scores = verified.Where(r => r.Status!.Verification!.Score is not null).Select(r => r.Status!.Verification!.Score!.Value).ToList();
        return new Effectiveness(workflow_id, @namespace, verified.Count(r => r.Status!.Verification!.Passed) / (double)verified.Count,
            scores.Count > 0 ? scores.Average() : null, durations.Count > 0 ? durations.Average() : null, verified.Count);
    }

    [McpServerTool(Name = "kubernaut_get_audit_trail", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("A request's audit trail (hash-chained): signals, transitions, findings, decisions with who and why, stage outcomes. Role: viewer.")]
    public async Task<AuditShape> AuditAsync(ClaimsPrincipal? user,
        [Description("The request: rr-… or namespace/name")] string rr_id,
        [Description("Only this kind: signal, transition, transcript, decision, stage, action, session")] string? event_type = null,
        [Description("After this sequence number")] long after = 0,
        [Description("Most events, 1-500")] int limit = 200,
        CancellationToken cancellationToken = default)
    {
        await gate.RequireAsync(user, HubPolicies.Viewer, "kubernaut_get_audit_trail");
        if (limit is < 1 or > 500)
        {
            throw new McpException("limit must be 1-500");
        }

        var id = RemediationIds.Parse(rr_id);
        await LifecycleTools.LoadAsync(store, id, cancellationToken);
        var events = new List<WatchEvent>();
        var cursor = after;
        while (events.Count < limit)
        {
            var page = await trail.ReadAsync(id, cursor, 500, cancellationToken);
            events.AddRange(page.Where(e => event_type is not { Length: > 0 } || e.Kind == event_type).Select(WatchEvent.From));
            if (page.Count < 500)
            {
                break;
            }

            cursor = page[^1].Seq;
        }

        var shown = events.Take(limit).ToList();
        return new AuditShape(id, shown, shown.Count);
    }

    private static bool Is(string? wanted, string actual) => wanted is not { Length: > 0 } || string.Equals(wanted, actual, StringComparison.OrdinalIgnoreCase);
}
