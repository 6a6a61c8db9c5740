using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Controllers.Core;

/// <summary>
/// The namespace controller: when a namespace is gone (or terminating), everything in it is deleted, and a
/// terminating namespace's <c>kubernetes</c> finalizer is released once it is empty.
/// </summary>
internal sealed class NamespaceController : IClusterController
{
    public IReadOnlyCollection<GroupResource> Watches { get; } = [Kinds.Namespaces];

    public TimeSpan? Reconcile(SimulatedCluster cluster)
    {
        var active = new HashSet<string>(StringComparer.Ordinal);
        var terminating = new List<string>();
        cluster.Store.Scan(Kinds.Namespaces, null, ns =>
        {
            if (ns.IsDeleting())
            {
                terminating.Add(ns.Name());
            }
            else
            {
                active.Add(ns.Name());
            }
        });
        var leftovers = 0;
        foreach (var type in cluster.Catalog.All.Where(t => t.Namespaced && t.Verbs.Contains("delete")).DistinctBy(t => t.GroupResource).ToList())
        {
            var doomed = cluster.Store.Project(type.GroupResource, null, o => active.Contains(o.Namespace()) ? null : Tuple.Create(o.Namespace(), o.Name()));
            foreach (var (ns, name) in doomed)
            {
                cluster.Store.Delete(type, ns, name);
                cluster.Logs.Forget(ns, name);
                leftovers++;
            }
        }

        foreach (var ns in terminating)
        {
            cluster.Store.Mutate(cluster.TypeOf(Kinds.Namespaces), "", ns, current =>
            {
                current.Child("status")["phase"] = "Terminating";
                current["spec"]?.AsObject().Remove("finalizers");
                current.Metadata()["finalizers"] = new JsonArray();
                return current;
            });
        }

        return leftovers > 0 ? TimeSpan.FromSeconds(1) : null;
    }
}
