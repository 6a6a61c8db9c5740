using Kubernaut.Hub.Execution;
using Kubernaut.Hub.Identity;
using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Selection;

namespace Kubernaut.Hub.Sessions;

internal sealed partial class Conversation
{
    private static readonly HashSet<string> Pronouns = new(StringComparer.OrdinalIgnoreCase) { "it", "that", "this", "one", "proposal", "proposed", "recommendation" };

    /// <summary>A turn about one request: a question answered from its evidence, a choice, a rejection or a hand-over.</summary>
    private async Task<ConversationReply> FollowUpAsync(ConversationTurn turn, string remediationId, CancellationToken ct)
    {
        var snapshot = await JoinAsync(new SessionJoin(remediationId, turn.User, turn.Via, turn.SessionId, turn.ExternalId), ct);
        var rr = await requests.GetAsync(remediationId, ct)
            ?? throw new ConversationException(ConversationException.NotFound, $"no RemediationRequest named {remediationId}");
        var options = rr.Status?.Proposal?.Options ?? [];
        var intent = Intent.Parse(turn.Text);
        ConversationReply Answer(string text, string kind = "answer", string? selected = null, IReadOnlyList<WorkflowOption>? shown = null) =>
            new(snapshot.SessionId, rr.Name, kind, text, rr.Phase, shown, selected);

        var reply = intent.Kind switch
        {
            IntentKind.Options => Answer(EvidenceAnswers.Options(rr, options), shown: options),
            IntentKind.WhyNot => Answer(EvidenceAnswers.WhyNot(rr, options, intent.Subject ?? ""), shown: options),
            IntentKind.WhatChanged => Answer(EvidenceAnswers.WhatChanged(rr, snapshot.History)),
            IntentKind.Evidence => Answer(EvidenceAnswers.Evidence(rr, snapshot.History, intent.Subject ?? "")),
            IntentKind.Select or IntentKind.Reject => await DecideAsync(turn, snapshot, rr, intent, ct),
            IntentKind.HandOver => await HandOverTurnAsync(turn, snapshot, rr, intent.Subject!, ct),
            _ => Answer(EvidenceAnswers.Status(rr, snapshot.History), shown: options.Count > 0 ? options : null),
        };
        return await RecordAsync(snapshot.SessionId, turn, reply, ct);
    }

    private async Task<ConversationReply> HandOverTurnAsync(ConversationTurn turn, SessionSnapshot snapshot, RemediationRequest rr, string to, CancellationToken ct)
    {
        try
        {
            await HandOverAsync(snapshot.SessionId, turn.User, to, ct);
            return new ConversationReply(snapshot.SessionId, rr.Name, "answer", $"{to} drives {snapshot.SessionId} now.", rr.Phase);
        }
        catch (ConversationException e) when (e.Code == ConversationException.Forbidden)
        {
            return new ConversationReply(snapshot.SessionId, rr.Name, "refused", e.Message, rr.Phase);
        }
    }

    /// <summary>"go with X" / "reject": only in AwaitingApproval, only the driver, only with the approver role; X checked like a REST override.</summary>
    private async Task<ConversationReply> DecideAsync(ConversationTurn turn, SessionSnapshot snapshot, RemediationRequest rr, Intent intent, CancellationToken ct)
    {
        ConversationReply Refuse(string why) => new(snapshot.SessionId, rr.Name, "refused", why, rr.Phase, rr.Status?.Proposal?.Options);
        var who = Participant(turn.User);
        if (rr.Phase != RemediationPhase.AwaitingApproval || rr.Status?.Decision is not null)
        {
            return Refuse(rr.Status?.Decision is { } d
                ? $"{rr.Name} was already decided: {d.Decision} {d.Workflow} by {d.By} via {d.Via}. It is {rr.Phase} now."
                : $"{rr.Name} is not at a decision yet: it is {rr.Phase}{(rr.Status?.PhaseReason is { Length: > 0 } r ? $" ({r})" : "")}. {EvidenceAnswers.Next(rr)}");
        }

        if (snapshot.Driver != who)
        {
            return Refuse($"{snapshot.Driver} drives this session; only the driver can decide. Ask {snapshot.Driver} to hand over (\"hand over to {who}\").");
        }

        if (!await HasRoleAsync(turn.User, HubPolicies.Approver))
        {
            return Refuse($"{who} lacks the approver role; deciding {rr.Name} needs it.");
        }

        var options = rr.Status?.Proposal?.Options ?? [];
        string? workflow = null;
        if (intent.Kind == IntentKind.Select)
        {
            var (name, problem) = await WorkflowNamedAsync(intent.Subject, rr, options, ct);
            if (problem is not null)
            {
                return Refuse(problem);
            }

            var (_, errors) = await RunPlanner.PlanAsync(rr, name, null, catalog, ct);
            if (errors.Count > 0)
            {
                return Refuse($"{name} cannot run for {rr.Name}: {string.Join("; ", errors)}");
            }

            workflow = name;
        }

        var decision = intent.Kind == IntentKind.Select ? DecisionRecord.Approve : DecisionRecord.Reject;
        var outcome = await decisions.DecideAsync(rr.Name, decision, workflow, null, intent.Reason ?? turn.Text, who, turn.Via, ct);
        if (outcome.Request is null)
        {
            throw new ConversationException(ConversationException.NotFound, $"no RemediationRequest named {rr.Name}");
        }

        if (outcome.Conflict is { } conflict)
        {
            return Refuse(conflict);
        }

        if (decision == DecisionRecord.Reject)
        {
            return new ConversationReply(snapshot.SessionId, rr.Name, "selected", $"Rejected: {rr.Name} will not run a workflow. Reason recorded: {intent.Reason ?? turn.Text}", outcome.Request.Phase);
        }

        var chosen = options.FirstOrDefault(o => o.Workflow == workflow);
        var parameters = chosen is { Parameters.Count: > 0 } ? $" ({string.Join(", ", chosen.Parameters.Select(p => $"{p.Key}={p.Value}"))})" : "";
        var because = intent.Reason is { } reason ? $" Reason recorded: {reason}" : "";
        return new ConversationReply(snapshot.SessionId, rr.Name, "selected",
            $"Going with {workflow}{parameters} on {rr.Spec.TargetResource.Name} in {rr.Spec.ClusterId}; the hub runs it now and verifies it held.{because}",
            outcome.Request.Phase, options, workflow);
    }

    /// <summary>The workflow a choice names: an option or a catalog entry, exactly or by a unique prefix; "it" means the proposal.</summary>
    private async Task<(string? Name, string? Problem)> WorkflowNamedAsync(string? subject, RemediationRequest rr, IReadOnlyList<WorkflowOption> options, CancellationToken ct)
    {
        var proposed = rr.Status?.Proposal?.Workflow;
        if (subject is null || Pronouns.Contains(subject))
        {
            return proposed is null ? (null, $"nothing was proposed for {rr.Name}; name a workflow") : (proposed, null);
        }

        var catalogNames = (await catalog.ListAsync(ct)).Select(w => w.Name).ToList();
        var known = options.Select(o => o.Workflow).Concat(catalogNames).Distinct(StringComparer.Ordinal).ToList();
        if (known.Contains(subject, StringComparer.OrdinalIgnoreCase))
        {
            return (known.First(n => string.Equals(n, subject, StringComparison.OrdinalIgnoreCase)), null);
        }

        var prefixed = options.Select(o => o.Workflow).Where(n => n.StartsWith(subject, StringComparison.OrdinalIgnoreCase)).ToList();
        if (prefixed.Count == 1)
        {
            return (prefixed[0], null);
        }

        return (null, $"{subject} is not a workflow: the options are {string.Join(", ", options.Select(o => o.Workflow))}" +
            $"; the catalog has {string.Join(", ", catalogNames)}");
    }
}
