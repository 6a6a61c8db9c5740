using System.Security.Claims;
using System.Text.Json.Nodes;
using Kubernaut.Hub.Approval;
using Kubernaut.Hub.Audit;
using Kubernaut.Hub.Identity;
using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Signals;
using Kubernaut.Hub.Workflows;
using Microsoft.AspNetCore.Authorization;

namespace Kubernaut.Hub.Sessions;

/// <summary>
/// The one conversational front (<see cref="IConversation"/>) behind MCP, A2A and the console. A session is the
/// InvestigationSession CR of a request: joining never touches the request itself, so an investigation an alert
/// started keeps running exactly once however many people join it. Choices go through the same
/// <see cref="DecisionService"/> as the REST API, from the session's driver only, holding the approver role.
/// </summary>
internal sealed partial class Conversation(
    InvestigationSessionStore sessions,
    RemediationStore requests,
    IAuditTrail trail,
    RunningRequestFinder finder,
    SignalIntake intake,
    DecisionService decisions,
    WorkflowCatalog catalog,
    IAuthorizationService authorization,
    TimeProvider time,
    ILogger<Conversation> logger) : IConversation
{
    private const int HistoryPage = 500;

    public async Task<SessionSnapshot> JoinAsync(SessionJoin join, CancellationToken ct)
    {
        var rr = await requests.GetAsync(join.RemediationId, ct)
            ?? throw new ConversationException(ConversationException.NotFound, $"no RemediationRequest named {join.RemediationId}");
        if (join.SessionId is { Length: > 0 } asked && asked != InvestigationSession.NameFor(rr.Name))
        {
            throw new ConversationException(ConversationException.Invalid, $"session {asked} is not the session of {rr.Name} ({InvestigationSession.NameFor(rr.Name)})");
        }

        var session = await sessions.GetOrCreateAsync(rr.Name, join.Via, ct);
        if (join.ExternalId is { Length: > 0 } external)
        {
            await sessions.LinkAsync(session.Name, external, ct);
        }

        // History first, then the cursor from it: a live follower starting at the cursor misses nothing and repeats nothing.
        var history = await HistoryAsync(rr.Name, ct);
        var cursor = history.Count > 0 ? history[^1].Seq : 0;
        var name = Participant(join.User);
        var now = time.GetUtcNow();
        var stored = await sessions.UpdateStatusAsync(session.Name, s =>
        {
            var status = s.Status!;
            if (status.Participants.FirstOrDefault(p => p.Name == name) is { } known)
            {
                known.LastSeenAt = now;
            }
            else
            {
                status.Participants.Add(new SessionParticipant { Name = name, Via = join.Via, JoinedAt = now, LastSeenAt = now });
            }

            status.Driver ??= name;
            status.LastCursor = Math.Max(status.LastCursor, cursor);
            return true;
        }, ct) ?? throw new ConversationException(ConversationException.NotFound, $"session {session.Name} vanished while joining");
        LogJoined(logger, name, join.Via, stored.Name, stored.Status!.Driver);
        rr = await requests.GetAsync(rr.Name, ct) ?? rr;
        return Snapshot(stored, rr, history, cursor);
    }

    public async Task<SessionSnapshot> HandOverAsync(string sessionId, ClaimsPrincipal from, string toParticipant, CancellationToken ct)
    {
        var session = await sessions.GetAsync(sessionId, ct)
            ?? throw new ConversationException(ConversationException.NotFound, $"no session named {sessionId}");
        var name = Participant(from);
        string? refusal = null;
        var stored = await sessions.UpdateStatusAsync(session.Name, s =>
        {
            var status = s.Status!;
            refusal = status.Driver != name
                ? $"only the driver can hand over; {status.Driver ?? "nobody"} drives {s.Name}, not {name}"
                : status.Participants.All(p => p.Name != toParticipant)
                    ? $"{toParticipant} has not joined {s.Name}; participants: {string.Join(", ", status.Participants.Select(p => p.Name))}"
                    : null;
            if (refusal is not null)
            {
                return false;
            }

            status.Driver = toParticipant;
            return true;
        }, ct) ?? throw new ConversationException(ConversationException.NotFound, $"no session named {sessionId}");
        if (refusal is not null)
        {
            throw new ConversationException(ConversationException.Forbidden, refusal);
        }

        await trail.AppendAsync(new AuditRecord(AuditKinds.Session, stored.Spec.RemediationId, name, stored.Spec.Via, $"{name} handed the driver seat of {stored.Name} to {toParticipant}"), ct);
        var rr = await requests.GetAsync(stored.Spec.RemediationId, ct)
            ?? throw new ConversationException(ConversationException.NotFound, $"no RemediationRequest named {stored.Spec.RemediationId}");
        var history = await HistoryAsync(rr.Name, ct);
        return Snapshot(stored, rr, history, history.Count > 0 ? history[^1].Seq : 0);
    }

    public async Task<ConversationReply> SayAsync(ConversationTurn turn, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(turn.Text))
        {
            throw new ConversationException(ConversationException.Invalid, "say something: a question about the fleet or this request, or a choice");
        }

        var remediationId = turn.RemediationId;
        if (remediationId is null && turn.SessionId is { Length: > 0 } sessionId)
        {
            remediationId = (await sessions.GetAsync(sessionId, ct))?.Spec.RemediationId
                ?? throw new ConversationException(ConversationException.NotFound, $"no session named {sessionId}");
        }

        if (remediationId is null && turn.ExternalId is { Length: > 0 } externalId)
        {
            remediationId = (await sessions.FindByExternalIdAsync(externalId, ct))?.Spec.RemediationId;
        }

        return remediationId is null ? await FleetTurnAsync(turn, ct) : await FollowUpAsync(turn, remediationId, ct);
    }

    /// <summary>A sentence about the fleet: the running request it is about (joined), or a new one opened from it.</summary>
    private async Task<ConversationReply> FleetTurnAsync(ConversationTurn turn, CancellationToken ct)
    {
        var (resolution, running) = await finder.FindAsync(turn.Text, turn.Cluster, ct);
        if (!resolution.IsResolved)
        {
            var candidates = resolution.Candidates.Count > 0 ? $" Candidates: {string.Join(", ", resolution.Candidates)}." : "";
            return new ConversationReply("", null, "needs-input",
                $"I cannot tell which {string.Join(" and ", resolution.Missing)} you mean: {resolution.Problem}.{candidates}");
        }

        if (running is not null)
        {
            var snapshot = await JoinAsync(new SessionJoin(running.Name, turn.User, turn.Via, null, turn.ExternalId), ct);
            var text = EvidenceAnswers.CatchUp(running, snapshot.History, time.GetUtcNow());
            return await RecordAsync(snapshot.SessionId, turn, new ConversationReply(snapshot.SessionId, running.Name, "joined", text, snapshot.Remediation.Phase,
                snapshot.Remediation.Proposal?.Options), ct);
        }

        if (!await HasRoleAsync(turn.User, HubPolicies.Operator))
        {
            return new ConversationReply("", null, "refused",
                $"Nothing is running on {resolution.Name} in {resolution.Cluster}; opening an investigation needs the operator role, which {Participant(turn.User)} lacks.");
        }

        var workload = resolution.Workload!;
        var outcome = await intake.AcceptAsync(new Signal
        {
            Cluster = workload.Cluster,
            Subject = workload.Ref,
            Name = resolution.Symptom,
            Severity = "warning",
            Type = "natural-language",
            Source = turn.Via,
            Actor = Participant(turn.User),
            Description = turn.Text,
        }, coalesce: false, occurrences: 1, ct);
        if (outcome.Request is not { } opened)
        {
            return new ConversationReply("", null, "refused", "The hub did not accept this as a signal: " + outcome.Rejection);
        }

        var joined = await JoinAsync(new SessionJoin(opened.Name, turn.User, turn.Via, null, turn.ExternalId), ct);
        var reply = outcome.Created
            ? $"Got it — sounds like {resolution.Symptom} on {workload.Ref.Name} in {workload.Cluster}. I opened {opened.Name} and the investigation starts now; findings stream as they are found."
            : EvidenceAnswers.CatchUp(opened, joined.History, time.GetUtcNow());
        return await RecordAsync(joined.SessionId, turn, new ConversationReply(joined.SessionId, opened.Name, outcome.Created ? "opened" : "joined", reply,
            joined.Remediation.Phase, joined.Remediation.Proposal?.Options), ct);
    }

    private async Task<bool> HasRoleAsync(ClaimsPrincipal user, string policy) =>
        (await authorization.AuthorizeAsync(user, null, policy)).Succeeded;

    /// <summary>
    /// Audits the turn (so everyone following the request sees what was asked and answered, and no turn is lost once the
    /// session's own list is full), appends it to the session (bounded) and returns the reply.
    /// </summary>
    private async Task<ConversationReply> RecordAsync(string sessionId, ConversationTurn turn, ConversationReply reply, CancellationToken ct)
    {
        if (sessionId.Length == 0)
        {
            return reply;
        }

        var who = Participant(turn.User);
        var said = Clip(turn.Text);
        var answer = Clip(reply.Text);
        await trail.AppendAsync(new AuditRecord(AuditKinds.Turn, reply.RemediationId, who, turn.Via, said,
            new JsonObject { ["session"] = sessionId, ["reply"] = reply.Kind, ["answer"] = answer }.ToJsonString()), ct);
        await sessions.UpdateStatusAsync(sessionId, s =>
        {
            var turns = s.Status!.Turns;
            turns.Add(new SessionTurn(time.GetUtcNow(), who, turn.Via, said, reply.Kind, answer));
            if (turns.Count > InvestigationSession.MaxTurns)
            {
                turns.RemoveRange(0, turns.Count - InvestigationSession.MaxTurns);
            }

            return true;
        }, ct);
        return reply;
    }

    private async Task<IReadOnlyList<AuditEntry>> HistoryAsync(string remediationId, CancellationToken ct)
    {
        var all = new List<AuditEntry>();
        while (true)
        {
            var page = await trail.ReadAsync(remediationId, all.Count > 0 ? all[^1].Seq : 0, HistoryPage, ct);
            all.AddRange(page);
            if (page.Count < HistoryPage)
            {
                return all;
            }
        }
    }

    private static SessionSnapshot Snapshot(InvestigationSession session, RemediationRequest rr, IReadOnlyList<AuditEntry> history, long cursor) =>
        new(session.Name, RemediationView.From(rr), history, cursor, session.Status?.Driver, [.. (session.Status?.Participants ?? []).Select(p => p.Name)]);

    /// <summary>A participant is named by their token's preferred_username (as decisions are).</summary>
    public static string Participant(ClaimsPrincipal user) => Decider.Of(user);

    private static string Clip(string text) => text.Length <= 2000 ? text : text[..2000] + "…";

    [LoggerMessage(Level = LogLevel.Information, Message = "{Participant} joined session {Session} via {Via}; driver {Driver}")]
    private static partial void LogJoined(ILogger logger, string participant, string via, string session, string? driver);
}
