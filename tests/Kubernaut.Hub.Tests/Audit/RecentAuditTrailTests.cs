using Kubernaut.Hub.Audit;
using NSubstitute;

namespace Kubernaut.Hub.Tests.Audit;

/// <summary>
/// Streams read what this process appended from memory, and never skip what it did not: another replica's entries
/// (here a second store on the same SQLite file) are read from the store.
/// </summary>
public sealed class RecentAuditTrailTests
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Read_AnotherReplicaWroteBetweenOurAppends_ReturnsEveryEntryInOrder()
    {
        var file = $"Data Source={Path.Combine(Path.GetTempPath(), $"recent-audit-{Guid.NewGuid():N}.db")}";
        var ours = new RecentAuditTrail(new SqliteAuditTrail(file, TimeProvider.System), new AuditNotifier());
        var theirs = new SqliteAuditTrail(file, TimeProvider.System);
        await ours.InitializeAsync(_ct);

        await ours.AppendAsync(Finding("rr-a", "ours 1"), _ct);
        await theirs.AppendAsync(Finding("rr-a", "theirs 2"), _ct);
        await ours.AppendAsync(Finding("rr-a", "ours 3"), _ct);
        Assert.Equal(["theirs 2", "ours 3"], (await ours.ReadNextAsync("rr-a", 1, 100, _ct)).Select(e => e.Reason));

        await theirs.AppendAsync(Finding("rr-a", "theirs 4"), _ct);
        Assert.Equal(["theirs 4"], (await ours.ReadNextAsync("rr-a", 3, 100, _ct)).Select(e => e.Reason));
        Assert.Equal([1L, 2L, 3L, 4L], await FollowAsync(ours, 0));
        Assert.Equal([1L, 2L, 3L, 4L], (await ours.ReadAsync(null, 0, 100, _ct)).Select(e => e.Seq));
    }

    [Fact]
    public async Task Read_AfterOwnAppends_AnsweredWithoutTheStoreAndOnlyThatRequest()
    {
        var store = Store();
        var trail = new RecentAuditTrail(store, new AuditNotifier());
        foreach (var rr in new[] { "rr-a", "rr-b", "rr-a", "rr-a" })
        {
            await trail.AppendAsync(Finding(rr, rr), _ct);
        }

        var read = await trail.ReadNextAsync("rr-a", 1, 100, _ct);

        Assert.Equal([3L, 4L], read.Select(e => e.Seq));
        await store.DidNotReceiveWithAnyArgs().ReadAsync(default, default, default, _ct);
        Assert.Single(await trail.ReadNextAsync("rr-a", 1, 1, _ct));
    }

    [Fact]
    public async Task Read_OlderThanWhatMemoryHolds_GoesToTheStore()
    {
        var store = Store();
        var trail = new RecentAuditTrail(store, new AuditNotifier(), capacity: 2);
        for (var i = 0; i < 5; i++)
        {
            await trail.AppendAsync(Finding("rr-a", $"finding {i}"), _ct);
        }

        await trail.ReadNextAsync("rr-a", 0, 100, _ct);
        await trail.ReadNextAsync("rr-a", 5, 100, _ct);

        await store.Received(1).ReadAsync("rr-a", 0, 100, _ct);
        await store.Received(1).ReadAsync("rr-a", 5, 100, _ct);
        Assert.Equal([5L], (await trail.ReadNextAsync("rr-a", 4, 100, _ct)).Select(e => e.Seq));
    }

    [Fact]
    public async Task Append_WakesStreamsOnlyOnceTheEntryIsReadable()
    {
        var notifier = new AuditNotifier();
        var trail = new RecentAuditTrail(Store(), notifier);
        var woken = notifier.NextAppend.ContinueWith(_ => trail.ReadNextAsync("rr-a", 0, 10, _ct), _ct, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap();

        await trail.AppendAsync(Finding("rr-a", "first"), _ct);

        Assert.Equal(["first"], (await woken).Select(e => e.Reason));
    }

    [Fact]
    public async Task ReadAsync_ForOneShotReaders_AlwaysReadsTheStore()
    {
        var store = Store();
        var trail = new RecentAuditTrail(store, new AuditNotifier());
        await trail.AppendAsync(Finding("rr-a", "first"), _ct);

        await trail.ReadAsync("rr-a", 0, 100, _ct);

        await store.Received(1).ReadAsync("rr-a", 0, 100, _ct);
    }

    /// <summary>Reads as a stream does, until nothing new comes.</summary>
    private async Task<List<long>> FollowAsync(IAuditFollower follower, long after)
    {
        var seen = new List<long>();
        while (await follower.ReadNextAsync(null, after, 100, _ct) is { Count: > 0 } next)
        {
            seen.AddRange(next.Select(e => e.Seq));
            after = next[^1].Seq;
        }

        return seen;
    }

    private static AuditRecord Finding(string rr, string reason) => new(AuditKinds.Transcript, rr, "investigator", "test", reason);

    /// <summary>A store that numbers appends like the real ones and has nothing else to read.</summary>
    private static IAuditTrail Store()
    {
        var store = Substitute.For<IAuditTrail>();
        long seq = 0;
        store.AppendAsync(default!, default).ReturnsForAnyArgs(call =>
        {
            var record = call.Arg<AuditRecord>();
            return AuditChain.Seal(++seq, DateTimeOffset.UnixEpoch, record, AuditChain.Genesis);
        });
        store.ReadAsync(default, default, default, default).ReturnsForAnyArgs(Array.Empty<AuditEntry>());
        return store;
    }
}
