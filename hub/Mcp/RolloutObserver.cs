using k8s;
using Kubernaut.Hub.Fleet;
using Kubernaut.Hub.Remediation;

namespace Kubernaut.Hub.Mcp;

/// <summary>
/// While a fix runs, how far the target's rollout is: pods of the new template that are ready, out of the desired
/// replicas ("1/3 ready … 3/3 ready"), read from the spoke with the hub's own access. Not an audit entry: a live view.
/// </summary>
internal sealed class RolloutObserver(ISpokeClients spokes)
{
    public static bool Applies(RemediationRequest rr) =>
        rr.Phase is RemediationPhase.Executing or RemediationPhase.Verifying && rr.Spec.TargetResource.Kind is "Deployment" or "StatefulSet";

    /// <summary>The target's replicas now (<c>rollout: Deployment prod/checkout-service 2/3 ready</c>), or null when it cannot be read.</summary>
    public async Task<RolloutState?> ReadAsync(RemediationRequest rr, CancellationToken ct)
    {
        var t = rr.Spec.TargetResource;
        try
        {
            var client = spokes.For(rr.Spec.ClusterId);
            int? desired, updated, ready;
            if (t.Kind == "Deployment")
            {
                var d = await client.AppsV1.ReadNamespacedDeploymentAsync(t.Name, t.Namespace, cancellationToken: ct);
                (desired, updated, ready) = (d.Spec?.Replicas, d.Status?.UpdatedReplicas, d.Status?.ReadyReplicas);
            }
            else
            {
                var s = await client.AppsV1.ReadNamespacedStatefulSetAsync(t.Name, t.Namespace, cancellationToken: ct);
                (desired, updated, ready) = (s.Spec?.Replicas, s.Status?.UpdatedReplicas, s.Status?.ReadyReplicas);
            }

            // Ready pods of the new template: never more than were updated, nor more than are ready.
            var done = Math.Min(updated ?? 0, ready ?? 0);
            return new RolloutState(desired ?? 0, updated ?? 0, done, $"rollout: {t.Kind} {t.Namespace}/{t.Name} {done}/{desired ?? 0} ready");
        }
        catch (Exception e) when (e is k8s.Autorest.HttpOperationException or HttpRequestException or InvalidOperationException)
        {
            return null;
        }
    }
}

/// <summary>
/// One look at a rollout. <see cref="Rolling"/>: not every replica runs the current template yet (a crash loop
/// alone never makes that true, so flapping readiness is not mistaken for a rollout).
/// </summary>
internal sealed record RolloutState(int Desired, int Updated, int ReadyUpdated, string Text)
{
    public bool Rolling => Updated < Desired;

    public bool Complete => Updated == Desired && ReadyUpdated == Desired;
}
