namespace Kubernaut.Hub.Audit;

/// <summary>
/// Reads for clients that follow a stream of entries (<see cref="IAuditFollower"/>), answered from what this process
/// appended lately instead of the database: a hundred clients following one request would otherwise each run a query
/// for every finding. Everything else reads the store.
/// </summary>
internal interface IAuditFollower
{
    /// <summary>
    /// Entries after <paramref name="afterSeq"/> in chain order, possibly fewer than exist (a follower reads again on
    /// the next wake-up), never skipping one.
    /// </summary>
    Task<IReadOnlyList<AuditEntry>> ReadNextAsync(string? remediationId, long afterSeq, int limit, CancellationToken ct);
}

/// <summary>
/// The audit trail with a memory of its latest appends, for <see cref="IAuditFollower"/>s. Memory only answers when it
/// holds the chain's very next entry after the reader's cursor and stops at the first sequence number it lacks (such as
/// one another replica wrote); a read it has nothing for goes to the store, so nothing written elsewhere is skipped.
/// </summary>
internal sealed class RecentAuditTrail(IAuditTrail store, AuditNotifier notifier, int capacity = RecentAuditTrail.DefaultCapacity) : IAuditTrail, IAuditFollower
{
    public const int DefaultCapacity = 4096;

    private readonly Lock _gate = new();
    private readonly List<AuditEntry> _recent = [];

    public Task InitializeAsync(CancellationToken ct) => store.InitializeAsync(ct);

    public async Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken ct)
    {
        var entry = await store.AppendAsync(record, ct);
        lock (_gate)
        {
            // Concurrent appends can finish out of order: keep the list sorted by sequence number.
            var at = _recent.Count;
            while (at > 0 && _recent[at - 1].Seq > entry.Seq)
            {
                at--;
            }

            _recent.Insert(at, entry);
            if (_recent.Count > capacity)
            {
                _recent.RemoveRange(0, _recent.Count - capacity);
            }
        }

        notifier.Appended();
        return entry;
    }

    public Task<IReadOnlyList<AuditEntry>> ReadAsync(string? remediationId, long afterSeq, int limit, CancellationToken ct) =>
        store.ReadAsync(remediationId, afterSeq, limit, ct);

    public async Task<IReadOnlyList<AuditEntry>> ReadNextAsync(string? remediationId, long afterSeq, int limit, CancellationToken ct) =>
        FromMemory(remediationId, afterSeq, limit) ?? await store.ReadAsync(remediationId, afterSeq, limit, ct);

    public Task<AuditVerification> VerifyAsync(CancellationToken ct) => store.VerifyAsync(ct);

    /// <summary>The answer from memory, or null when memory cannot prove it complete.</summary>
    private List<AuditEntry>? FromMemory(string? remediationId, long afterSeq, int limit)
    {
        lock (_gate)
        {
            var start = FirstAfter(afterSeq);
            if (start == _recent.Count || _recent[start].Seq != afterSeq + 1)
            {
                return null;
            }

            var found = new List<AuditEntry>();
            for (var i = start; i < _recent.Count && found.Count < limit; i++)
            {
                if (i > start && _recent[i].Seq != _recent[i - 1].Seq + 1)
                {
                    break;
                }

                if (remediationId is null || _recent[i].RemediationId == remediationId)
                {
                    found.Add(_recent[i]);
                }
            }

            return found.Count > 0 ? found : null;
        }
    }

    private int FirstAfter(long seq)
    {
        int low = 0, high = _recent.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_recent[middle].Seq > seq)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }
}
