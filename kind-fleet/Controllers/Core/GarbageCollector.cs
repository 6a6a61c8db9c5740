using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Controllers.Core;

/// <summary>
/// The garbage collector with background propagation: an object whose every ownerReference points at an owner that
/// no longer exists (by uid) is deleted; pods go gracefully. Deleting a Deployment thus removes its ReplicaSets and,
/// one pass later, their pods.
/// </summary>
internal sealed class GarbageCollector : IClusterController
{
    /// <summary>Kinds whose objects the built-in controllers create with ownerReferences.</summary>
    private static readonly GroupResource[] Dependents =
        [Kinds.ReplicaSets, Kinds.Pods, Kinds.ControllerRevisions, Kinds.EndpointSlices];

    public IReadOnlyCollection<GroupResource> Watches { get; } =
        [Kinds.Deployments, Kinds.ReplicaSets, Kinds.StatefulSets, Kinds.DaemonSets, Kinds.Services, Kinds.ConfigMaps, Kinds.Pods,
         Kinds.ControllerRevisions, Kinds.EndpointSlices];

    public TimeSpan? Reconcile(SimulatedCluster cluster)
    {
        var candidates = new List<(GroupResource Resource, string Ns, string Name, List<(string ApiVersion, string Kind, string Name, string Uid)> Owners)>();
        foreach (var resource in Dependents)
        {
            cluster.Store.Scan(resource, null, obj =>
            {
                if (obj["metadata"]?["ownerReferences"] is JsonArray { Count: > 0 } refs && !obj.IsDeleting())
                {
                    candidates.Add((resource, obj.Namespace(), obj.Name(),
                        [.. refs.Objects().Select(r => (r.Str("apiVersion") ?? "", r.Str("kind") ?? "", r.Str("name") ?? "", r.Str("uid") ?? ""))]));
                }
            });
        }

        if (candidates.Count == 0)
        {
            return null;
        }

        var live = LiveOwnerUids(cluster, candidates.SelectMany(c => c.Owners.Select(o => (o.ApiVersion, o.Kind))).ToHashSet());
        foreach (var (resource, ns, name, owners) in candidates)
        {
            if (owners.All(o => live is null || (live.TryGetValue((o.ApiVersion, o.Kind), out var uids) && !uids.Contains(o.Uid))))
            {
                Delete(cluster, resource, ns, name);
            }
        }

        return null;
    }

    /// <summary>The uids of every object of the owner kinds; kinds the cluster does not serve count as having no objects.</summary>
    private static Dictionary<(string, string), HashSet<string>> LiveOwnerUids(SimulatedCluster cluster, HashSet<(string ApiVersion, string Kind)> kinds)
    {
        var result = new Dictionary<(string, string), HashSet<string>>();
        foreach (var (apiVersion, kind) in kinds)
        {
            var uids = new HashSet<string>(StringComparer.Ordinal);
            if (cluster.Catalog.FindByKind(apiVersion, kind) is { } type)
            {
                cluster.Store.Scan(type.GroupResource, null, o => uids.Add(o.Uid()));
            }

            result[(apiVersion, kind)] = uids;
        }

        return result;
    }

    private static void Delete(SimulatedCluster cluster, GroupResource resource, string ns, string name)
    {
        if (resource == Kinds.Pods)
        {
            if (cluster.Store.Get(resource, ns, name) is { } pod)
            {
                PodDeletion.Delete(cluster, pod);
            }

            return;
        }

        cluster.Store.Delete(cluster.TypeOf(resource), ns, name);
    }
}
