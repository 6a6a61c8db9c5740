using Kubernaut.Hub.Fleet;
using Kubernaut.Hub.TrustLadder;

namespace Kubernaut.Hub.Remediation;

/// <summary>What intake did with one signal occurrence.</summary>
internal sealed record DeduplicationResult(RemediationRequest Request, bool Created);

/// <summary>
/// One open request per target, however many replicas receive signals at once. The request for an incident has a
/// deterministic name (fingerprint + incident generation), so concurrent replicas that find no open request all try to
/// create the same object and the API server lets exactly one succeed; the others see 409 and count their occurrence
/// on the winner. Occurrence counts are read-modify-write on the status with the read resourceVersion, so no
/// increment is lost either.
/// </summary>
internal sealed class Deduplicator(RemediationStore store, TimeProvider time)
{
    private const int MaxAttempts = 50;

    /// <summary>An open request absorbs new signals: not terminal, or still holding (dry-run hold, backoff, cooldown).</summary>
    public static bool IsOpen(RemediationRequest rr, DateTimeOffset now) =>
        !RemediationPhase.IsTerminal(rr.Status?.OverallPhase) || rr.Status?.RoutingStatus?.NextAllowedExecution > now;

    /// <summary>
    /// Counts <paramref name="occurrences"/> of a firing signal on the open request for the target, or opens one.
    /// <paramref name="onCreated"/> runs after this replica created the request and before its status (phase Pending)
    /// is written: until then the lifecycle controller leaves the request alone, so whatever onCreated audits comes
    /// before the controller's first transition.
    /// </summary>
    public async Task<DeduplicationResult> RecordFiringAsync(Signal signal, ObjectRef target, TrustLevel trust, int occurrences,
        Func<RemediationRequest, CancellationToken, Task> onCreated, CancellationToken ct)
    {
        var fingerprint = Fingerprint.Of(signal.Cluster, target);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var existing = await ListForAsync(fingerprint, ct);
            var now = time.GetUtcNow();
            if (existing.FirstOrDefault(r => IsOpen(r, now)) is { } open)
            {
                var counted = await CountOccurrenceAsync(open.Name, signal, trust, occurrences, creator: false, ct);
                if (counted is not null)
                {
                    return new(counted, Created: false);
                }

                continue; // It closed (or vanished) between our read and write: look again.
            }

            var generation = existing.Count == 0 ? 0 : existing.Max(r => r.Spec.IncidentGeneration) + 1;
            var created = await store.TryCreateAsync(NewRequest(signal, target, fingerprint, generation, now), ct);
            if (created is null)
            {
                continue; // Another replica created this incident's request first: count on theirs.
            }

            await onCreated(created, ct);
            var initialised = await CountOccurrenceAsync(created.Name, signal, trust, occurrences, creator: true, ct);
            return new(initialised ?? created, Created: true);
        }

        throw new InvalidOperationException($"could not record a signal for fingerprint {fingerprint} after {MaxAttempts} attempts");
    }

    /// <summary>Marks the open request for the target resolved; returns null when none is open (nothing to update).</summary>
    public async Task<RemediationRequest?> RecordResolvedAsync(Signal signal, ObjectRef target, CancellationToken ct)
    {
        var fingerprint = Fingerprint.Of(signal.Cluster, target);
        var now = time.GetUtcNow();
        var open = (await ListForAsync(fingerprint, ct)).FirstOrDefault(r => IsOpen(r, now));
        if (open is null)
        {
            return null;
        }

        return await store.UpdateStatusAsync(open.Name, rr =>
        {
            rr.Status ??= new RemediationStatus();
            rr.Status.SignalState = new SignalState { State = SignalStates.Resolved, ResolvedAt = time.GetUtcNow() };
            return true;
        }, ct);
    }

    private async Task<List<RemediationRequest>> ListForAsync(string fingerprint, CancellationToken ct) =>
        [.. (await store.ListAsync($"{RemediationRequest.FingerprintLabel}={Fingerprint.LabelValue(fingerprint)}", ct))
            .Where(r => r.Spec.SignalFingerprint == fingerprint)
            .OrderByDescending(r => r.Spec.IncidentGeneration)];

    /// <summary>
    /// Counts occurrences on the named request; null when it is gone or (unless this replica created it) no longer open.
    /// Only the creator initialises the phase: a replica that lost the create race counts without making the request
    /// visible to the controller before the creator has audited it.
    /// </summary>
    private async Task<RemediationRequest?> CountOccurrenceAsync(string name, Signal signal, TrustLevel trust, int occurrences, bool creator, CancellationToken ct)
    {
        var applied = false;
        var stored = await store.UpdateStatusAsync(name, rr =>
        {
            var now = time.GetUtcNow();
            applied = creator || IsOpen(rr, now);
            if (!applied)
            {
                return false;
            }

            var status = rr.Status ??= new RemediationStatus();
            if (creator && status.OverallPhase is null)
            {
                status.OverallPhase = RemediationPhase.Pending;
                status.PhaseReason = "SignalReceived";
                status.Transitions.Add(new PhaseTransition(RemediationPhase.Pending, PendingReason(signal), now, signal.Actor));
            }

            status.TrustLevel ??= (int)trust;
            status.Deduplication.FirstSeenAt ??= now;
            status.Deduplication.LastSeenAt = now;
            status.Deduplication.OccurrenceCount += occurrences;
            status.SignalState = new SignalState { State = SignalStates.Firing };
            return true;
        }, ct);
        return applied ? stored : null;
    }

    /// <summary>
    /// Adds occurrences counted in memory (between <paramref name="first"/> and <paramref name="last"/>) to the request,
    /// if it was still open at <paramref name="last"/>; null when it was not (or is gone): they belong to a new request.
    /// </summary>
    public async Task<RemediationRequest?> AddOccurrencesAsync(string name, int occurrences, DateTimeOffset first, DateTimeOffset last, CancellationToken ct)
    {
        var applied = false;
        var stored = await store.UpdateStatusAsync(name, rr =>
        {
            applied = WasOpenAt(rr, last);
            if (!applied)
            {
                return false;
            }

            var status = rr.Status ??= new RemediationStatus();
            var dedup = status.Deduplication;
            dedup.FirstSeenAt = dedup.FirstSeenAt is { } seen && seen < first ? seen : first;
            dedup.LastSeenAt = dedup.LastSeenAt is { } latest && latest > last ? latest : last;
            dedup.OccurrenceCount += occurrences;
            if (status.SignalState is not { State: SignalStates.Resolved, ResolvedAt: { } resolvedAt } || resolvedAt < last)
            {
                status.SignalState = new SignalState { State = SignalStates.Firing };
            }

            return true;
        }, ct);
        return applied ? stored : null;
    }

    /// <summary>Open at <paramref name="at"/>: open now, or it closed (completed, hold over) only after that instant.</summary>
    public static bool WasOpenAt(RemediationRequest rr, DateTimeOffset at) =>
        IsOpen(rr, at) || rr.Status?.CompletionStatus?.CompletedAt > at;

    public static string PendingReason(Signal signal) => $"{signal.Type} {signal.Name} received via {signal.Source}";

    private static RemediationRequest NewRequest(Signal signal, ObjectRef target, string fingerprint, int generation, DateTimeOffset now) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = Fingerprint.RequestName(fingerprint, generation),
            Labels = new Dictionary<string, string>
            {
                [RemediationRequest.FingerprintLabel] = Fingerprint.LabelValue(fingerprint),
                [RemediationRequest.ClusterLabel] = signal.Cluster,
                ["app.kubernetes.io/managed-by"] = "kubernaut-hub",
            },
        },
        Spec = new RemediationSpec
        {
            SignalFingerprint = fingerprint,
            SignalName = signal.Name,
            Severity = signal.Severity,
            SignalType = signal.Type,
            SignalSource = signal.Source,
            ClusterId = signal.Cluster,
            IncidentGeneration = generation,
            TargetResource = new TargetResource { ApiVersion = target.ApiVersion, Kind = target.Kind, Name = target.Name, Namespace = target.Namespace },
            FiringTime = signal.FiringTime,
            ReceivedTime = now,
            Description = signal.Description,
            SignalLabels = signal.Labels.Count > 0 ? new Dictionary<string, string>(signal.Labels) : null,
            SignalAnnotations = signal.Annotations.Count > 0 ? new Dictionary<string, string>(signal.Annotations) : null,
        },
    };
}
