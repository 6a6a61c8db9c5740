using Kubernaut.Hub.Fleet;
using Kubernaut.Hub.Hosting;
using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Remediation.Lifecycle;
using Kubernaut.Hub.TrustLadder;

namespace Kubernaut.Hub.Signals;

/// <summary>What became of one signal.</summary>
internal sealed record IntakeOutcome(RemediationRequest? Request, bool Created, string? Rejection)
{
    public static IntakeOutcome Rejected(string why) => new(null, false, why);
}

/// <summary>
/// Every interface's signals end here: check the cluster is managed, walk to the top-level owner, fingerprint,
/// deduplicate into one request per open incident, audit, and wake the lifecycle controller.
/// </summary>
internal sealed class SignalIntake(
    FleetInventory fleet,
    OwnerResolver owners,
    TrustPolicy trust,
    Deduplicator deduplicator,
    RemediationAudit audit,
    LifecycleTrigger trigger,
    HubMetrics metrics)
{
    public async Task<IntakeOutcome> AcceptAsync(Signal signal, CancellationToken ct)
    {
        if (await fleet.FindClusterAsync(signal.Cluster, ct) is null)
        {
            metrics.Signal(signal.Source, "rejected");
            return IntakeOutcome.Rejected($"cluster \"{signal.Cluster}\" is not a ManagedCluster on this hub");
        }

        var target = await owners.TopLevelOwnerAsync(signal.Cluster, signal.Subject, ct);
        if (signal.State == SignalStates.Resolved)
        {
            var resolved = await deduplicator.RecordResolvedAsync(signal, target, ct);
            if (resolved is not null)
            {
                await audit.SignalAsync(resolved, signal, created: false, ct);
            }

            metrics.Signal(signal.Source, "resolved");
            return new IntakeOutcome(resolved, false, null);
        }

        var level = await trust.LevelAsync(signal.Cluster, target.Namespace, ct);
        var result = await deduplicator.RecordFiringAsync(signal, target, level, ct);
        await audit.SignalAsync(result.Request, signal, result.Created, ct);
        metrics.Signal(signal.Source, result.Created ? "created" : "deduplicated");
        if (result.Created)
        {
            await audit.TransitionAsync(result.Request, "", RemediationPhase.Pending, $"{signal.Type} {signal.Name} received via {signal.Source}", signal.Actor, ct);
            metrics.Created();
            trigger.Kick();
        }

        return new IntakeOutcome(result.Request, result.Created, null);
    }
}
