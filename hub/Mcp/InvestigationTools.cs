using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json.Serialization;
using Kubernaut.Hub.Fleet;
using Kubernaut.Hub.Identity;
using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Sessions;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Kubernaut.Hub.Mcp;

internal sealed record SessionShape(
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("rr_id")] string? RrId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("phase")] string? Phase,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("driver")] string? Driver,
    [property: JsonPropertyName("participants")] IReadOnlyList<string> Participants,
    [property: JsonPropertyName("cursor")] long Cursor,
    [property: JsonPropertyName("history")] IReadOnlyList<WatchEvent> History,
    [property: JsonPropertyName("options")] IReadOnlyList<OptionShape> Options,
    [property: JsonPropertyName("selected")] string? Selected = null);

internal sealed record PollShape(
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("rr_id")] string RrId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("progress")] string Progress,
    [property: JsonPropertyName("summary")] string? Summary,
    [property: JsonPropertyName("root_cause")] string? RootCause,
    [property: JsonPropertyName("poll_count")] int PollCount,
    [property: JsonPropertyName("cursor")] long Cursor,
    [property: JsonPropertyName("events")] IReadOnlyList<WatchEvent> Events,
    [property: JsonPropertyName("options")] IReadOnlyList<OptionShape> Options);

internal sealed record DecisionShape(
    [property: JsonPropertyName("presented")] bool Presented,
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("rr_id")] string RrId,
    [property: JsonPropertyName("phase")] string Phase,
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("root_cause")] string? RootCause,
    [property: JsonPropertyName("options")] IReadOnlyList<OptionShape> Options,
    [property: JsonPropertyName("message")] string Message);

/// <summary>
/// Investigation: join or open the session of a request (in words or by id), follow its findings, see the options,
/// choose one. Conversational turns ("why not just raise the memory?", "go with rollback-config") go through
/// <see cref="IConversation"/>, as A2A's do.
/// </summary>
[McpServerToolType]
internal sealed class InvestigationTools(ToolGate gate, IConversation conversation, RemediationStore store, RunningRequestFinder finder, WatchStream watch)
{
    private const int MaxPollWaitSeconds = 15;

    [McpServerTool(Name = "kubernaut_start_investigation", Idempotent = false, OpenWorld = true, UseStructuredContent = true)]
    [Description("Join the investigation of a request, or say something about it. With text and no request: finds the running request the words are about (\"What's going on with checkout-service in prod-us-east?\") and joins it, catching up with everything found so far, or opens one (needs operator). With text and a request or session: a follow-up — a question answered from the evidence, or a choice (\"go with rollback-config — the cache change wasn't approved\", needs approver and the driver seat), or \"hand over to <user>\". Without text: joins the request named by rr_id, or the running one on cluster/namespace/kind/name. The history is streamed as progress notifications and returned with the cursor to follow from. Role: investigator.")]
    public async Task<SessionShape> StartAsync(ClaimsPrincipal? user, RequestContext<CallToolRequestParams> request,
        [Description("What to ask or say, in words")] string? text = null,
        [Description("The request: rr-… or namespace/name")] string? rr_id = null,
        [Description("The session to continue (is-rr-…)")] string? session_id = null,
        [Description("Managed cluster (for text, narrows it; with namespace/name, required)")] string? cluster = null,
        [Description("Namespace of the workload")] string? @namespace = null,
        [Description("Name of the workload")] string? name = null,
        [Description("Kind of the workload (Deployment by default)")] string? kind = null,
        CancellationToken cancellationToken = default)
    {
        await gate.RequireAsync(user, HubPolicies.Investigator, "kubernaut_start_investigation");
        var caller = user ?? new ClaimsPrincipal();
        var rrId = rr_id is { Length: > 0 } ? RemediationIds.Parse(rr_id) : null;
        if (text is { Length: > 0 })
        {
            var reply = await ToolGate.ConverseAsync(() => conversation.SayAsync(new ConversationTurn(text, caller, "mcp", rrId, session_id, cluster), cancellationToken));
            if (reply.RemediationId is null)
            {
                return new SessionShape(reply.SessionId, null, reply.Kind, reply.Phase, reply.Text, null, [], 0, [], []);
            }

            var joined = await JoinAsync(caller, reply.RemediationId, ProgressSink.For(request), reply.Kind is "joined" or "opened", cancellationToken);
            return joined with { Status = reply.Kind, Message = reply.Text, Selected = reply.Selected };
        }

        if (rrId is null && session_id is { Length: > 0 } && session_id.StartsWith("is-", StringComparison.Ordinal))
        {
            rrId = RemediationIds.Parse(session_id[3..], null, "session_id");
        }

        if (rrId is null)
        {
            if (cluster is not { Length: > 0 } || @namespace is not { Length: > 0 } || name is not { Length: > 0 })
            {
                throw new McpException("give text, rr_id, session_id, or cluster + namespace + name of a workload");
            }

            var k = kind is { Length: > 0 } ? kind : "Deployment";
            rrId = (await finder.RunningForAsync(cluster, new ObjectRef(k == "Pod" ? "v1" : "apps/v1", k, @namespace, name), cancellationToken))?.Name
                ?? throw new McpException($"no investigation is running on {cluster}/{@namespace}/{k}/{name}; report it with kubernaut_submit_signal or af_create_rr (operator)");
        }

        var shape = await JoinAsync(caller, rrId, ProgressSink.For(request), true, cancellationToken);
        return shape with { Status = "joined" };
    }

    [McpServerTool(Name = "kubernaut_poll_investigation", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("What is new in a session since a cursor: waits up to wait_seconds (at most 15) for new findings, streaming each as a progress notification, then returns status, progress, summary, the events and the next cursor. Role: investigator.")]
    public async Task<PollShape> PollAsync(ClaimsPrincipal? user, RequestContext<CallToolRequestParams> request,
        [Description("The session (is-rr-…)")] string? session_id = null,
        [Description("Or the request: rr-… or namespace/name")] string? rr_id = null,
        [Description("Resume after this sequence number")] long cursor = 0,
        [Description("Longest wait for something new, 0-15 seconds")] int wait_seconds = 15,
        [Description("The caller's poll counter, echoed back incremented")] int poll_count = 0,
        CancellationToken cancellationToken = default)
    {
        await gate.RequireAsync(user, HubPolicies.Investigator, "kubernaut_poll_investigation");
        if (wait_seconds is < 0 or > MaxPollWaitSeconds || cursor < 0)
        {
            throw new McpException($"wait_seconds must be 0-{MaxPollWaitSeconds} and cursor ≥ 0");
        }

        var id = IdOf(session_id, rr_id);
        await LifecycleTools.LoadAsync(store, id, cancellationToken);
        var start = cursor;
        var result = await watch.FollowAsync(id, cursor, TimeSpan.FromSeconds(wait_seconds), _ => false, ProgressSink.For(request), cancellationToken,
            stopWhen: latest => latest > start);
        var rr = result.Request;
        var investigation = rr.Status?.Investigation;
        return new PollShape(InvestigationSession.NameFor(id), id, rr.Phase, EvidenceAnswers.Next(rr), investigation?.Summary, investigation?.RootCause,
            poll_count + 1, result.Cursor, result.Events, OptionShape.Of(rr));
    }

    [McpServerTool(Name = "kubernaut_select_workflow", Destructive = true, Idempotent = false, OpenWorld = true, UseStructuredContent = true)]
    [Description("Choose the workflow to run for a request awaiting a decision: one of its options or a catalog workflow. Only the session's driver may, with the approver role. Role: approver.")]
    public async Task<SessionShape> SelectAsync(ClaimsPrincipal? user, RequestContext<CallToolRequestParams> request,
        [Description("The workflow to run, e.g. rollback-config")] string workflow_id,
        [Description("The request: rr-… or namespace/name")] string? rr_id = null,
        [Description("Or the session (is-rr-…)")] string? session_id = null,
        [Description("Why (recorded in the audit trail)")] string? reason = null,
        CancellationToken cancellationToken = default)
    {
        await gate.RequireAsync(user, HubPolicies.Approver, "kubernaut_select_workflow");
        if (string.IsNullOrWhiteSpace(workflow_id) || workflow_id.Any(char.IsWhiteSpace))
        {
            throw new McpException("workflow_id must name one workflow, e.g. rollback-config");
        }

        var id = IdOf(session_id, rr_id);
        var text = $"go with {workflow_id.Trim()}" + (reason is { Length: > 0 } ? " — " + reason : "");
        var reply = await ToolGate.ConverseAsync(() => conversation.SayAsync(new ConversationTurn(text, user ?? new ClaimsPrincipal(), "mcp", id), cancellationToken));
        if (reply.Kind == "refused")
        {
            throw new McpException(reply.Text);
        }

        var shape = await JoinAsync(user ?? new ClaimsPrincipal(), id, ProgressSink.For(request), false, cancellationToken);
        return shape with { Status = reply.Kind, Message = reply.Text, Selected = reply.Selected, Phase = reply.Phase };
    }

    [McpServerTool(Name = "kubernaut_present_decision", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("The decision to present to the user: the investigation's summary and root cause and the workflow options as structured data (workflow_id, name, description, risk, confidence, parameters, rationale, recommended). Role: investigator.")]
    public async Task<DecisionShape> PresentAsync(ClaimsPrincipal? user,
        [Description("The session (is-rr-…)")] string? session_id = null,
        [Description("Or the request: rr-… or namespace/name")] string? rr_id = null,
        CancellationToken cancellationToken = default)
    {
        await gate.RequireAsync(user, HubPolicies.Investigator, "kubernaut_present_decision");
        var id = IdOf(session_id, rr_id);
        var rr = await LifecycleTools.LoadAsync(store, id, cancellationToken);
        var options = OptionShape.Of(rr);
        var investigation = rr.Status?.Investigation;
        var presented = options.Count > 0;
        return new DecisionShape(presented, InvestigationSession.NameFor(id), id, rr.Phase, investigation?.Summary ?? $"{id} is {rr.Phase}; not investigated yet",
            investigation?.RootCause, options, presented ? EvidenceAnswers.Options(rr, rr.Status!.Proposal!.Options!) : $"nothing to decide yet: {id} is {rr.Phase}. {EvidenceAnswers.Next(rr)}");
    }

    private async Task<SessionShape> JoinAsync(ClaimsPrincipal user, string remediationId, ProgressSink? progress, bool streamHistory, CancellationToken ct)
    {
        var snapshot = await ToolGate.ConverseAsync(() => conversation.JoinAsync(new SessionJoin(remediationId, user, "mcp"), ct));
        var history = snapshot.History.Select(WatchEvent.From).ToList();
        if (streamHistory)
        {
            foreach (var e in history)
            {
                await (progress?.ReportAsync(e.Line, ct) ?? Task.CompletedTask);
            }
        }

        var rr = await LifecycleTools.LoadAsync(store, remediationId, ct);
        return new SessionShape(snapshot.SessionId, remediationId, "joined", snapshot.Remediation.Phase, EvidenceAnswers.Status(rr, snapshot.History), snapshot.Driver,
            snapshot.Participants, snapshot.Cursor, history.TakeLast(WatchStream.MaxReturned).ToList(), OptionShape.Of(rr));
    }

    private static string IdOf(string? sessionId, string? rrId) =>
        rrId is { Length: > 0 } ? RemediationIds.Parse(rrId)
        : sessionId is { Length: > 3 } && sessionId.StartsWith("is-", StringComparison.Ordinal) ? RemediationIds.Parse(sessionId[3..], null, "session_id")
        : throw new McpException("session_id (is-rr-…) or rr_id is required");
}
