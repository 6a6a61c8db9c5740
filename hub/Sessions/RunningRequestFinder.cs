using Kubernaut.Hub.Fleet;
using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Signals.NaturalLanguage;

namespace Kubernaut.Hub.Sessions;

/// <summary>
/// Finds the request a sentence is about the way intake would file it: the words name a cluster and a workload
/// (<see cref="NaturalLanguageResolver"/>), the workload's top-level owner gives the fingerprint, and the newest
/// request of that fingerprint that is still running is the one. An alert's request is found by a question in words.
/// </summary>
internal sealed class RunningRequestFinder(NaturalLanguageResolver resolver, OwnerResolver owners, RemediationStore store)
{
    public async Task<(Resolution Resolution, RemediationRequest? Running)> FindAsync(string text, string? cluster, CancellationToken ct)
    {
        var resolution = await resolver.ResolveAsync(text, cluster, ct);
        if (!resolution.IsResolved)
        {
            return (resolution, null);
        }

        var workload = resolution.Workload!;
        return (resolution, await RunningForAsync(workload.Cluster, workload.Ref, ct));
    }

    /// <summary>The running (non-terminal) request on a workload, or null.</summary>
    public async Task<RemediationRequest?> RunningForAsync(string cluster, ObjectRef subject, CancellationToken ct)
    {
        var target = await owners.TopLevelOwnerAsync(cluster, subject, ct);
        var fingerprint = Fingerprint.Of(cluster, target);
        var requests = await store.ListAsync($"{RemediationRequest.FingerprintLabel}={Fingerprint.LabelValue(fingerprint)}", ct);
        return requests
            .Where(r => r.Spec.SignalFingerprint == fingerprint && !RemediationPhase.IsTerminal(r.Status?.OverallPhase))
            .OrderByDescending(r => r.Spec.IncidentGeneration)
            .FirstOrDefault();
    }
}
