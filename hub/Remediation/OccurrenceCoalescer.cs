using System.Collections.Concurrent;
using Kubernaut.Hub.Fleet;

namespace Kubernaut.Hub.Remediation;

/// <summary>Repeats of firing signals counted in memory for one request, taken together to be written to it.</summary>
internal sealed record CoalescedOccurrences(
    string Fingerprint,
    string RequestName,
    int Count,
    DateTimeOffset First,
    DateTimeOffset Last,
    IReadOnlyDictionary<string, int> BySignal,
    Signal LastSignal,
    ObjectRef Target)
{
    public string Actor => LastSignal.Actor;

    public string Source => LastSignal.Source;
}

/// <summary>What a coalesced repeat tells the sender: the request and the count as this replica knows it.</summary>
internal sealed record CountedOccurrence(string RequestName, int OccurrenceCount);

/// <summary>
/// Repeats of a fingerprint whose request this replica has recently seen open are counted here instead of being written
/// one by one; <see cref="Signals.SignalIntake.FlushAsync"/> writes each fingerprint's delta with the usual
/// resourceVersion-conditional update, so replicas add their own deltas and none is lost or counted twice. A request
/// this replica has not confirmed open within <see cref="Validity"/> (a read or a flush) is not trusted: the signal
/// takes the synchronous path, which re-reads it. Every status this replica writes (the controller closing a request,
/// say) updates the entry at once, so on the leader a closed request stops absorbing repeats immediately; another
/// replica notices within <see cref="Validity"/> or at its next flush. Only state; the writing is the intake's, the
/// pacing the flusher's.
/// </summary>
internal sealed class OccurrenceCoalescer
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Entry> _replaced = new();
    private readonly TimeProvider _time;
    private volatile bool _stopped;

    public OccurrenceCoalescer(TimeProvider time, RemediationStore store)
    {
        _time = time;
        store.StatusWritten += Observe;
    }

    /// <summary>How long a request seen open is trusted to still be open (a few flush intervals).</summary>
    public TimeSpan Validity { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>After this, every signal takes the synchronous path (the host is stopping and has flushed).</summary>
    public void Stop()
    {
        _stopped = true;

        // A count that checked the flag just before it was set finishes under its entry's lock; after this pass none can
        // still be on its way, so the final flush sees every repeat.
        foreach (var entry in _entries.Values)
        {
            Monitor.Enter(entry);
            Monitor.Exit(entry);
        }
    }

    /// <summary>Counts <paramref name="occurrences"/> of the signal in memory when this replica knows the fingerprint's open request; null when it does not.</summary>
    public CountedOccurrence? TryCount(string fingerprint, Signal signal, int occurrences = 1)
    {
        if (_stopped || !_entries.TryGetValue(fingerprint, out var entry))
        {
            return null;
        }

        var now = _time.GetUtcNow();
        lock (entry)
        {
            if (_stopped || entry.Retired || now - entry.VerifiedAt > Validity || entry.OpenUntil <= now)
            {
                return null;
            }

            if (entry.Pending == 0)
            {
                entry.First = now;
            }

            entry.Pending += occurrences;
            entry.Last = now;
            entry.LastSignal = signal;
            entry.BySignal[signal.Name] = entry.BySignal.GetValueOrDefault(signal.Name) + occurrences;
            return new CountedOccurrence(entry.RequestName, entry.KnownCount + entry.InFlight + entry.Pending);
        }
    }

    /// <summary>Remembers the open request a signal was just counted on synchronously (read from the API server).</summary>
    public void Remember(string fingerprint, RemediationRequest rr, ObjectRef target)
    {
        var now = _time.GetUtcNow();
        if (!Deduplicator.IsOpen(rr, now))
        {
            return;
        }

        var entry = _entries.GetOrAdd(fingerprint, fp => new Entry(fp, rr.Name, target));
        lock (entry)
        {
            if (!entry.Retired && entry.RequestName == rr.Name)
            {
                entry.Confirm(rr, now);
                return;
            }
        }

        // The fingerprint moved on to a new request: the old entry's repeats still belong to the old one.
        var fresh = new Entry(fingerprint, rr.Name, target);
        fresh.Confirm(rr, now);
        if (_entries.TryUpdate(fingerprint, fresh, entry))
        {
            lock (entry)
            {
                entry.Retired = true;
            }

            _replaced.Enqueue(entry);
        }
    }

    /// <summary>A status this process wrote: the entry for that request learns its count and whether it is still open.</summary>
    private void Observe(RemediationRequest rr)
    {
        if (_entries.TryGetValue(rr.Spec.SignalFingerprint, out var entry))
        {
            lock (entry)
            {
                if (entry.RequestName == rr.Name && !entry.Retired)
                {
                    entry.Confirm(rr, _time.GetUtcNow());
                }
            }
        }
    }

    /// <summary>Every fingerprint with repeats to write, plus replaced entries; stale idle entries are dropped on the way.</summary>
    public IReadOnlyList<string> PendingFingerprints()
    {
        var now = _time.GetUtcNow();
        var pending = new List<string>();
        foreach (var (fingerprint, entry) in _entries)
        {
            lock (entry)
            {
                if (entry.Pending > 0)
                {
                    pending.Add(fingerprint);
                }
                else if (entry.InFlight == 0 && now - entry.VerifiedAt > Validity)
                {
                    entry.Retired = true;
                    _entries.TryRemove(KeyValuePair.Create(fingerprint, entry));
                }
            }
        }

        return pending;
    }

    /// <summary>Replaced entries that still hold repeats for their (older) request.</summary>
    public IReadOnlyList<Entry> DrainReplaced()
    {
        var drained = new List<Entry>();
        while (_replaced.TryDequeue(out var entry))
        {
            drained.Add(entry);
        }

        return drained;
    }

    public Entry? Find(string fingerprint) => _entries.GetValueOrDefault(fingerprint);

    /// <summary>Drops an entry whose request closed (a later signal re-reads and remembers the next one).</summary>
    public void Forget(Entry entry) => _entries.TryRemove(KeyValuePair.Create(entry.Fingerprint, entry));

    /// <summary>One fingerprint's in-memory state. Its gate lets one batch at a time be in flight.</summary>
    internal sealed class Entry(string fingerprint, string requestName, ObjectRef target)
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public string Fingerprint { get; } = fingerprint;

        public string RequestName { get; } = requestName;

        public ObjectRef Target { get; } = target;

        public int KnownCount { get; set; }

        public int InFlight { get; set; }

        public int Pending { get; set; }

        public DateTimeOffset First { get; set; }

        public DateTimeOffset Last { get; set; }

        public Signal? LastSignal { get; set; }

        public Dictionary<string, int> BySignal { get; private set; } = new(StringComparer.Ordinal);

        public DateTimeOffset VerifiedAt { get; set; }

        /// <summary>When a request that is terminal but holding stops absorbing signals; max when it is not terminal.</summary>
        public DateTimeOffset OpenUntil { get; set; } = DateTimeOffset.MaxValue;

        public bool Retired { get; set; }

        public void Confirm(RemediationRequest rr, DateTimeOffset now)
        {
            if (InFlight == 0)
            {
                // With a batch in flight the stored count may or may not hold it yet; Written settles it.
                KnownCount = Math.Max(KnownCount, rr.Status?.Deduplication.OccurrenceCount ?? 0);
            }

            VerifiedAt = now;
            OpenUntil = RemediationPhase.IsTerminal(rr.Status?.OverallPhase)
                ? rr.Status?.RoutingStatus?.NextAllowedExecution ?? now
                : DateTimeOffset.MaxValue;
        }

        /// <summary>Moves the pending repeats in flight (call with the gate held); null when there are none.</summary>
        public CoalescedOccurrences? Take()
        {
            lock (this)
            {
                if (Pending == 0 || LastSignal is null)
                {
                    return null;
                }

                var batch = new CoalescedOccurrences(Fingerprint, RequestName, Pending, First, Last, BySignal, LastSignal, Target);
                InFlight = Pending;
                Pending = 0;
                BySignal = new(StringComparer.Ordinal);
                return batch;
            }
        }

        /// <summary>The batch is in the request, whose stored count is now <paramref name="stored"/>.</summary>
        public void Written(RemediationRequest stored, DateTimeOffset now)
        {
            lock (this)
            {
                InFlight = 0;
                KnownCount = 0;
                Confirm(stored, now);
            }
        }

        /// <summary>The request closed before these repeats: they went elsewhere, and this entry is done.</summary>
        public void Closed()
        {
            lock (this)
            {
                InFlight = 0;
                Retired = true;
            }
        }

        /// <summary>Writing failed: the batch goes back to pending, to be written with the next flush.</summary>
        public void Restore(CoalescedOccurrences batch)
        {
            lock (this)
            {
                InFlight = 0;
                First = Pending == 0 || batch.First < First ? batch.First : First;
                Last = Pending == 0 || batch.Last > Last ? batch.Last : Last;
                LastSignal ??= batch.LastSignal;
                Pending += batch.Count;
                foreach (var (name, count) in batch.BySignal)
                {
                    BySignal[name] = BySignal.GetValueOrDefault(name) + count;
                }
            }
        }
    }
}
