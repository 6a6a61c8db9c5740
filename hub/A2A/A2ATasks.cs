using System.Security.Claims;
using System.Text.Json.Nodes;
using Kubernaut.Hub.A2A.Wire;
using Kubernaut.Hub.Approval;
using Kubernaut.Hub.Audit;
using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Sessions;

namespace Kubernaut.Hub.A2A;

/// <summary>A task as a turn left it: the request, every entry so far, and what the conversation answered.</summary>
internal sealed record TaskTurn(string TaskId, RemediationView Remediation, IReadOnlyList<AuditEntry> Seen, ConversationReply Reply, bool NewTask)
{
    public AgentTask Snapshot(int? historyLength = null) =>
        TaskProjection.Snapshot(TaskId, Remediation, Seen, historyLength, ReplyMessage());

    /// <summary>The conversation's answer as the agent's message (its options as data when it has any).</summary>
    public Message ReplyMessage()
    {
        List<Part> parts = [new TextPart(Reply.Text)];
        if (Reply.Options is { Count: > 0 })
        {
            parts.Add(TaskProjection.OptionsData(Remediation with { Proposal = (Remediation.Proposal ?? new RemediationProposal(null, 0, "", new Dictionary<string, string>(), "")) with { Options = Reply.Options } }));
        }

        return Message.Agent($"reply-{Guid.NewGuid():N}", TaskId, Remediation.Id, parts,
            new JsonObject { ["kind"] = Reply.Kind, ["sessionId"] = Reply.SessionId, ["selected"] = Reply.Selected });
    }
}

/// <summary>
/// The A2A methods over the hub: a user's message is a turn of the conversation (<see cref="IConversation"/>) and a
/// task is that caller's view onto the RemediationRequest the turn is about; its state and story are always read
/// from the request and the audit trail, never kept here.
/// </summary>
internal sealed class A2ATasks(IConversation conversation, ITaskLinks links, RemediationStore store, IAuditTrail trail, DecisionService decisions)
{
    public const string Via = "a2a";

    /// <summary>Hands the message to the conversation. The answer is a task turn, or a message when no request is involved (the text named nothing the hub knows).</summary>
    public async Task<object> SendAsync(MessageSendParams p, ClaimsPrincipal user, CancellationToken ct)
    {
        var message = p.Message;
        if (message.Role != "user")
        {
            throw JsonRpcException.InvalidParams($"Invalid params: message.role must be \"user\" (was \"{message.Role}\")", "message.role");
        }

        var text = message.Text.Trim();
        if (text.Length == 0)
        {
            throw JsonRpcException.InvalidParams("Invalid params: the message needs a text part saying what is wrong or what to do", "message.parts");
        }

        var cluster = message.Parts.OfType<DataPart>().Select(d => d.Data["cluster"]).OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var c) ? c : null).FirstOrDefault(c => c is not null);
        if (message.TaskId is { Length: > 0 } taskId)
        {
            var link = await links.FindAsync(taskId, ct) ?? throw JsonRpcException.TaskNotFound(taskId);
            var rr = await ViewAsync(link.RemediationId, taskId, ct);
            if (RemediationPhase.IsTerminal(rr.Phase))
            {
                throw JsonRpcException.InvalidParams($"Invalid params: task {taskId} is {TaskStateMapping.Of(rr)} ({rr.Id} {rr.Phase}); a new message without taskId starts a new task", "message.taskId");
            }

            var seen = await ReadAllAsync(rr.Id, ct);
            var reply = await conversation.SayAsync(new ConversationTurn(text, user, Via, rr.Id, link.SessionId, cluster, SessionTaskLinks.ExternalId(taskId)), ct);
            return new TaskTurn(taskId, await ViewAsync(rr.Id, taskId, ct), seen, reply, NewTask: false);
        }

        // A context named after a request continues the conversation about it in a new task.
        var about = message.ContextId is { Length: > 0 } context && await store.GetAsync(context, ct) is not null ? context : null;
        var newTask = Guid.NewGuid().ToString();
        var answer = await conversation.SayAsync(new ConversationTurn(text, user, Via, about, null, cluster, SessionTaskLinks.ExternalId(newTask)), ct);
        if (answer.RemediationId is null)
        {
            return new Message("agent", [new TextPart(answer.Text)], $"reply-{Guid.NewGuid():N}", ContextId: message.ContextId ?? answer.SessionId,
                Metadata: new JsonObject { ["kind"] = answer.Kind, ["sessionId"] = answer.SessionId });
        }

        var opened = await ViewAsync(answer.RemediationId, newTask, ct);
        return new TaskTurn(newTask, opened, await ReadAllAsync(opened.Id, ct), answer, NewTask: true);
    }

    /// <summary>The task as it stands: the request's state, its whole story (or the last <paramref name="historyLength"/> turns) and its artifacts.</summary>
    public async Task<AgentTask> GetAsync(string taskId, int? historyLength, CancellationToken ct)
    {
        var (_, rr, entries) = await LoadAsync(taskId, ct);
        return TaskProjection.Snapshot(taskId, rr, entries, historyLength);
    }

    public async Task<(TaskLink Link, RemediationView Remediation, IReadOnlyList<AuditEntry> Entries)> LoadAsync(string taskId, CancellationToken ct)
    {
        var link = await links.FindAsync(taskId, ct) ?? throw JsonRpcException.TaskNotFound(taskId);
        var rr = await ViewAsync(link.RemediationId, taskId, ct);
        return (link, rr, await ReadAllAsync(rr.Id, ct));
    }

    /// <summary>
    /// Cancels the task's request. A request waiting for a decision is rejected (it ends Cancelled); one already
    /// acting on a cluster or finished cannot be called back.
    /// </summary>
    public async Task<AgentTask> CancelAsync(string taskId, ClaimsPrincipal user, CancellationToken ct)
    {
        var (_, rr, _) = await LoadAsync(taskId, ct);
        if (RemediationPhase.IsTerminal(rr.Phase))
        {
            throw JsonRpcException.TaskNotCancelable(taskId, $"it is already {TaskStateMapping.Of(rr)} ({rr.Id} {rr.Phase})");
        }

        if (rr.Phase != RemediationPhase.AwaitingApproval)
        {
            throw JsonRpcException.TaskNotCancelable(taskId,
                $"{rr.Id} is {rr.Phase}; only a request waiting for a decision ({RemediationPhase.AwaitingApproval}) can be canceled");
        }

        var actor = Decider.Of(user);
        var outcome = await decisions.DecideAsync(rr.Id, DecisionRecord.Reject, null, null, $"canceled by {actor} via A2A (tasks/cancel {taskId})", actor, Via, ct);
        if (outcome.Conflict is not null)
        {
            throw JsonRpcException.TaskNotCancelable(taskId, outcome.Conflict);
        }

        return await GetAsync(taskId, null, ct);
    }

    public async Task<RemediationView> ViewAsync(string remediationId, string taskId, CancellationToken ct) =>
        await store.GetAsync(remediationId, ct) is { } rr ? RemediationView.From(rr) : throw JsonRpcException.TaskNotFound(taskId);

    public async Task<IReadOnlyList<AuditEntry>> ReadAllAsync(string remediationId, CancellationToken ct)
    {
        const int page = 500;
        var all = new List<AuditEntry>();
        while (true)
        {
            var entries = await trail.ReadAsync(remediationId, all.Count > 0 ? all[^1].Seq : 0, page, ct);
            all.AddRange(entries);
            if (entries.Count < page)
            {
                return all;
            }
        }
    }
}
