using Kubernaut.Hub.Fleet;
using Kubernaut.Hub.Hosting;
using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Remediation.Lifecycle;
using Kubernaut.Hub.TrustLadder;

namespace Kubernaut.Hub.Signals;

/// <summary>
/// What became of one signal: the request it counted on (the full object when it was read or written synchronously),
/// whether it opened it, and the occurrence count as this replica knows it.
/// </summary>
internal sealed record IntakeOutcome(string? RequestName, bool Created, int OccurrenceCount, string? Rejection, RemediationRequest? Request = null, bool Coalesced = false)
{
    public static IntakeOutcome Rejected(string why) => new(null, false, 0, why);

    public static IntakeOutcome Of(RemediationRequest? rr, bool created) =>
        new(rr?.Name, created, rr?.Status?.Deduplication.OccurrenceCount ?? 0, null, rr);
}

/// <summary>
/// Every interface's signals end here: check the cluster is managed, walk to the top-level owner, fingerprint,
/// deduplicate into one request per open incident, audit, and wake the lifecycle controller. Repeats of a firing
/// signal on a request this replica knows open may be coalesced: counted in memory and written by
/// <see cref="FlushAsync"/> (one conditional write and one audit entry per fingerprint and flush).
/// </summary>
internal sealed partial class SignalIntake(
    FleetInventory fleet,
    OwnerResolver owners,
    TrustPolicy trust,
    Deduplicator deduplicator,
    OccurrenceCoalescer coalescer,
    RemediationAudit audit,
    LifecycleTrigger trigger,
    HubMetrics metrics,
    TimeProvider time,
    ILogger<SignalIntake> logger)
{
    /// <param name="coalesce">Whether a repeat may be counted in memory (the Alertmanager receiver) rather than written at once.</param>
    /// <param name="occurrences">How many identical signals this stands for (consecutive alerts of one webhook on one target).</param>
    public async Task<IntakeOutcome> AcceptAsync(Signal signal, bool coalesce, int occurrences, CancellationToken ct)
    {
        if (await fleet.FindClusterAsync(signal.Cluster, ct) is null)
        {
            metrics.Signal(signal.Source, "rejected", occurrences);
            return IntakeOutcome.Rejected($"cluster \"{signal.Cluster}\" is not a ManagedCluster on this hub");
        }

        var target = await owners.TopLevelOwnerAsync(signal.Cluster, signal.Subject, ct);
        var fingerprint = Fingerprint.Of(signal.Cluster, target);
        if (signal.State == SignalStates.Resolved)
        {
            // Repeats counted before the resolution must not land after it and turn the request back to firing.
            await FlushAsync(fingerprint, ct);
            var resolved = await deduplicator.RecordResolvedAsync(signal, target, ct);
            if (resolved is not null)
            {
                await audit.SignalAsync(resolved, signal, created: false, resolved.Status?.Deduplication.OccurrenceCount ?? 0, ct);
            }

            metrics.Signal(signal.Source, "resolved", occurrences);
            return IntakeOutcome.Of(resolved, false);
        }

        if (coalesce && coalescer.TryCount(fingerprint, signal, occurrences) is { } counted)
        {
            metrics.Signal(signal.Source, "deduplicated", occurrences);
            return new IntakeOutcome(counted.RequestName, false, counted.OccurrenceCount, null, Coalesced: true);
        }

        var result = await RecordFiringAsync(signal, target, occurrences, ct);
        if (!result.Created)
        {
            await audit.SignalAsync(result.Request, signal, created: false, result.Request.Status?.Deduplication.OccurrenceCount ?? 0, ct);
        }

        coalescer.Remember(fingerprint, result.Request, target);
        return IntakeOutcome.Of(result.Request, result.Created);
    }

    /// <summary>
    /// The top-level owner a signal on <paramref name="subject"/> counts on, or null when the cluster is not managed here
    /// (both answers cached, so a receiver may ask for every alert before grouping them).
    /// </summary>
    public async Task<ObjectRef?> TargetAsync(string cluster, ObjectRef subject, CancellationToken ct) =>
        await fleet.FindClusterAsync(cluster, ct) is null ? null : await owners.TopLevelOwnerAsync(cluster, subject, ct);

    /// <summary>Writes the repeats counted in memory for every fingerprint (the flusher's tick, and at shutdown).</summary>
    public async Task FlushAllAsync(CancellationToken ct)
    {
        foreach (var replaced in coalescer.DrainReplaced())
        {
            await FlushEntryAsync(replaced, ct);
        }

        foreach (var fingerprint in coalescer.PendingFingerprints())
        {
            await FlushAsync(fingerprint, ct);
        }
    }

    /// <summary>Writes one fingerprint's repeats counted in memory, if any.</summary>
    public async Task FlushAsync(string fingerprint, CancellationToken ct)
    {
        if (coalescer.Find(fingerprint) is { } entry)
        {
            await FlushEntryAsync(entry, ct);
        }
    }

    private async Task FlushEntryAsync(OccurrenceCoalescer.Entry entry, CancellationToken ct)
    {
        await entry.Gate.WaitAsync(ct);
        try
        {
            if (entry.Take() is not { } batch)
            {
                return;
            }

            RemediationRequest? stored;
            try
            {
                stored = await deduplicator.AddOccurrencesAsync(batch.RequestName, batch.Count, batch.First, batch.Last, ct);
            }
            catch (Exception e)
            {
                // Whatever went wrong, the repeats are not lost: they are written with the next flush.
                entry.Restore(batch);
                LogFlushFailed(logger, batch.Count, batch.RequestName, e.Message);
                throw;
            }

            if (stored is not null)
            {
                entry.Written(stored, time.GetUtcNow());
                await audit.OccurrencesAsync(stored, batch, ct);
                return;
            }

            // The request closed (or was deleted) before these repeats arrived: they open the target's next request,
            // together with any counted while this batch was being written.
            entry.Closed();
            coalescer.Forget(entry);
            var late = entry.Take();
            var count = batch.Count + (late?.Count ?? 0);
            var signal = late?.LastSignal ?? batch.LastSignal;
            LogReopened(logger, count, batch.RequestName);
            var result = await RecordFiringAsync(signal, batch.Target, count, ct);
            if (!result.Created)
            {
                await audit.SignalAsync(result.Request, signal, created: false, result.Request.Status?.Deduplication.OccurrenceCount ?? 0, ct);
            }
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    private async Task<DeduplicationResult> RecordFiringAsync(Signal signal, ObjectRef target, int occurrences, CancellationToken ct)
    {
        var level = await trust.LevelAsync(signal.Cluster, target.Namespace, ct);

        // A request this replica creates is audited before its status (phase Pending) is written: only then does the
        // lifecycle controller act on it, so the audit trail's order is the lifecycle's.
        var result = await deduplicator.RecordFiringAsync(signal, target, level, occurrences, async (created, token) =>
        {
            await audit.SignalAsync(created, signal, created: true, occurrences, token);
            await audit.TransitionAsync(created, "", RemediationPhase.Pending, Deduplicator.PendingReason(signal), signal.Actor, token);
        }, ct);
        metrics.Signal(signal.Source, result.Created ? "created" : "deduplicated", result.Created ? 1 : occurrences);
        if (result.Created && occurrences > 1)
        {
            metrics.Signal(signal.Source, "deduplicated", occurrences - 1);
        }

        if (result.Created)
        {
            metrics.Created();
            trigger.Kick();
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not write {Count} coalesced occurrence(s) to {Request}, will retry: {Error}")]
    private static partial void LogFlushFailed(ILogger logger, int count, string request, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} coalesced occurrence(s) arrived after {Request} closed: counting them on the target's next request")]
    private static partial void LogReopened(ILogger logger, int count, string request);
}
