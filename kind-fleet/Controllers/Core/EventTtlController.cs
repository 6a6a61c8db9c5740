using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Controllers.Core;

/// <summary>Events expire an hour after they were last seen, as with the apiserver's default --event-ttl.</summary>
internal sealed class EventTtlController : IClusterController
{
    public static readonly TimeSpan Ttl = TimeSpan.FromHours(1);
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(5);

    public IReadOnlyCollection<GroupResource> Watches { get; } = [];

    public TimeSpan? Reconcile(SimulatedCluster cluster)
    {
        var cutoff = cluster.Time.GetUtcNow() - Ttl;
        var expired = cluster.Store.Project(Kinds.Events, null, e =>
            ObjectRefs.ParseTime(e.Str("lastTimestamp") ?? e.Metadata().Str("creationTimestamp")) is { } seen && seen < cutoff
                ? Tuple.Create(e.Namespace(), e.Name()) : null);
        foreach (var (ns, name) in expired)
        {
            cluster.Store.Delete(cluster.TypeOf(Kinds.Events), ns, name);
        }

        return Period;
    }
}
