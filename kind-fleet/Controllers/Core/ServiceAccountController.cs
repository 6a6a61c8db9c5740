using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Controllers.Core;

/// <summary>The serviceaccount controller: every active namespace has a <c>default</c> ServiceAccount.</summary>
internal sealed class ServiceAccountController : IClusterController
{
    public IReadOnlyCollection<GroupResource> Watches { get; } = [Kinds.Namespaces, Kinds.ServiceAccounts];

    public TimeSpan? Reconcile(SimulatedCluster cluster)
    {
        var have = new HashSet<string>(StringComparer.Ordinal);
        cluster.Store.Scan(Kinds.ServiceAccounts, null, sa =>
        {
            if (sa.Name() == "default")
            {
                have.Add(sa.Namespace());
            }
        });
        var missing = cluster.Store.Project(Kinds.Namespaces, null, ns => !ns.IsDeleting() && !have.Contains(ns.Name()) ? ns.Name() : null);
        foreach (var ns in missing)
        {
            try
            {
                cluster.Store.Create(cluster.TypeOf(Kinds.ServiceAccounts), new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "ServiceAccount",
                    ["metadata"] = new JsonObject { ["name"] = "default", ["namespace"] = ns },
                });
            }
            catch (Storage.KubeApiException)
            {
                // Created meanwhile by someone else.
            }
        }

        return null;
    }
}
