using System.Text.Json;
using k8s;
using Kubernaut.Hub.Audit;
using Kubernaut.Hub.Sessions;
using Kubernaut.Hub.Tests.Mcp;

namespace Kubernaut.Hub.Tests.Sessions;

/// <summary>
/// Sessions on a request an alert opened: several watchers, one driver who can hand over, a restarted hub that still
/// knows them (they are InvestigationSession CRs), and a client that reconnects with its cursor without losing events.
/// </summary>
[Collection(McpCollection.Name)]
public sealed class SessionJoinTests(McpFleet fleet)
{
    [Fact]
    public async Task Join_SeveralParticipants_FirstDrivesHandsOverAndRestartKeepsSession()
    {
        var ns = "kn-" + Guid.NewGuid().ToString("N")[..6];
        var alice = ConversationUsers.Named("alice", "viewer", "investigator", "approver");
        var bob = ConversationUsers.Named("bob", "viewer", "investigator", "approver");
        var carol = ConversationUsers.Named("carol", "viewer", "investigator");
        string id;
        string session;
        await using (var hub = await fleet.StartOwnedHubAsync(ns))
        {
            id = await fleet.AlertAsync(hub, "KubePodCrashLooping", "prod", "deployment", "catalog-service");
            var conversation = hub.Service<IConversation>();
            var first = await conversation.JoinAsync(new SessionJoin(id, alice, "mcp"), TestContext.Current.CancellationToken);
            var second = await conversation.JoinAsync(new SessionJoin(id, bob, "a2a", ExternalId: "a2a:task-1"), TestContext.Current.CancellationToken);
            var third = await conversation.JoinAsync(new SessionJoin(id, carol, "console"), TestContext.Current.CancellationToken);
            session = first.SessionId;

            Assert.Equal(session, second.SessionId);
            Assert.Equal("alice", third.Driver);
            Assert.Equal(["alice", "bob", "carol"], third.Participants);
            Assert.True(third.Cursor >= first.Cursor && first.History.Count > 0);
            Assert.Equal(id, third.Remediation.Id);

            // Only the driver hands over, and only to a participant.
            var notDriver = await Assert.ThrowsAsync<ConversationException>(() => conversation.HandOverAsync(session, bob, "bob", TestContext.Current.CancellationToken));
            Assert.Contains("only the driver", notDriver.Message);
            var stranger = await Assert.ThrowsAsync<ConversationException>(() => conversation.HandOverAsync(session, alice, "mallory", TestContext.Current.CancellationToken));
            Assert.Contains("mallory has not joined", stranger.Message);
            var handed = await conversation.HandOverAsync(session, alice, "bob", TestContext.Current.CancellationToken);
            Assert.Equal("bob", handed.Driver);

            // A choice from someone who is not the driver is refused with the reason, whatever the phase.
            var refused = await conversation.SayAsync(new ConversationTurn("go with rollback-config", alice, "mcp", id), TestContext.Current.CancellationToken);
            Assert.Equal("refused", refused.Kind);
        }

        // A new hub process: the session (driver, participants, the protocol id) is still there.
        await using (var restarted = await fleet.StartOwnedHubAsync(ns))
        {
            var conversation = restarted.Service<IConversation>();
            var back = await conversation.JoinAsync(new SessionJoin(id, carol, "console"), TestContext.Current.CancellationToken);
            Assert.Equal(session, back.SessionId);
            Assert.Equal("bob", back.Driver);
            Assert.Equal(["alice", "bob", "carol"], back.Participants);
            var viaTask = await conversation.SayAsync(new ConversationTurn("what's going on?", bob, "a2a", ExternalId: "a2a:task-1"), TestContext.Current.CancellationToken);
            Assert.Equal(id, viaTask.RemediationId);
            Assert.Equal("answer", viaTask.Kind);
            var stored = JsonSerializer.Serialize(await fleet.Client("hub").CustomObjects.GetNamespacedCustomObjectAsync("kubernaut.ai", "v1alpha1", ns, "investigationsessions",
                session, TestContext.Current.CancellationToken));
            Assert.Contains("a2a:task-1", stored);
            Assert.Contains("what\\u0027s going on?", stored);
        }
    }

    [Fact]
    public async Task Say_MoreTurnsThanTheSessionKeeps_EveryTurnAuditedWithItsAnswer()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = "kn-" + Guid.NewGuid().ToString("N")[..6];
        var alice = ConversationUsers.Named("alice", "viewer", "investigator");
        await using var hub = await fleet.StartOwnedHubAsync(ns);
        var id = await fleet.AlertAsync(hub, "KubePodCrashLooping", "prod", "deployment", "inventory-service");
        var conversation = hub.Service<IConversation>();
        var turns = InvestigationSession.MaxTurns + 2;
        var replies = new List<ConversationReply>();
        for (var i = 0; i < turns; i++)
        {
            replies.Add(await conversation.SayAsync(new ConversationTurn($"what changed? ({i})", alice, "mcp", id), ct));
        }

        var audited = (await hub.Service<IAuditTrail>().ReadAsync(id, 0, 10_000, ct)).Where(e => e.Kind == AuditKinds.Turn).ToList();
        Assert.Equal(Enumerable.Range(0, turns).Select(i => $"what changed? ({i})"), audited.Select(e => e.Reason));
        Assert.All(audited, e => Assert.Equal(("alice", "mcp"), (e.Actor, e.Via)));
        Assert.Equal(replies.Select(r => r.Text), audited.Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("answer").GetString()));
        var session = await hub.Service<InvestigationSessionStore>().GetAsync(replies[0].SessionId, ct);
        Assert.Equal(InvestigationSession.MaxTurns, session!.Status!.Turns.Count);
        Assert.Equal($"what changed? ({turns - 1})", session.Status.Turns[^1].Text);
    }

    [Fact]
    public async Task Watch_SeveralClientsOneReconnects_EveryoneGetsEveryEventOnce()
    {
        await using var hub = await fleet.StartRealHubAsync();
        var id = await fleet.AlertAsync(hub, "KubePodCrashLooping", "prod", "deployment", "cart-service");
        await using var watcher = await fleet.McpClientAsync(hub, "demo-viewer");
        var first = await McpClients.CallAsync(watcher, "kubernaut_watch", new() { ["rr_id"] = id, ["timeout_seconds"] = 1 });
        var cursor = first.GetProperty("cursor").GetInt64();
        var seen = Seqs(first);

        // Another client follows the whole time, while the first disconnects and comes back with its cursor.
        await using var steady = await fleet.McpClientAsync(hub, "demo-operator");
        var steadyWatch = McpClients.CallAsync(steady, "kubernaut_watch", new() { ["rr_id"] = id, ["until_phase"] = "AwaitingApproval", ["timeout_seconds"] = 120 });
        await watcher.DisposeAsync();
        await using var reconnected = await fleet.McpClientAsync(hub, "demo-viewer");
        var resumed = await McpClients.CallAsync(reconnected, "kubernaut_watch", new()
        {
            ["rr_id"] = id,
            ["cursor"] = cursor,
            ["until_phase"] = "AwaitingApproval",
            ["timeout_seconds"] = 120,
        });
        seen.AddRange(Seqs(resumed));
        var whole = await steadyWatch;

        var trail = await McpClients.CallAsync(reconnected, "kubernaut_get_audit_trail", new() { ["rr_id"] = id, ["limit"] = 500 });
        var upTo = resumed.GetProperty("cursor").GetInt64();
        var expected = Seqs(trail).Where(s => s <= upTo).ToList();
        Assert.Equal(expected, seen);
        Assert.Equal(expected, Seqs(whole).Where(s => s <= upTo));
    }

    private static List<long> Seqs(JsonElement result) =>
        [.. result.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("event_type").GetString() != "rollout").Select(e => e.GetProperty("seq").GetInt64())];
}
