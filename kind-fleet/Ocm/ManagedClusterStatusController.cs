using System.Text;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Ocm;

/// <summary>
/// The registration agent's report of where each spoke's apiserver answers: <c>spec.managedClusterClientConfigs</c>
/// gets the spoke API URL and the fleet CA once the fleet listens. Conditions are left alone, so whoever simulates an
/// outage can set Available=False and it sticks.
/// </summary>
internal sealed class ManagedClusterStatusController(SimulatedFleet fleet, FleetAddress address, FleetCertificate certificate) : IClusterController
{
    private static readonly TimeSpan WaitForListener = TimeSpan.FromMilliseconds(200);

    public IReadOnlyCollection<GroupResource> Watches { get; } = [OcmNames.ManagedClusters];

    public bool RunsOn(SimulatedCluster cluster) => cluster.Name == SimulatedFleet.HubName;

    public TimeSpan? Reconcile(SimulatedCluster hub)
    {
        if (address.SecureBase is not { } secureBase)
        {
            return WaitForListener;
        }

        var caBundle = Convert.ToBase64String(Encoding.UTF8.GetBytes(certificate.AuthorityPem));
        var type = hub.Type(OcmNames.ClusterGroup, OcmNames.ManagedClusters.Resource);
        foreach (var cluster in hub.Store.List(OcmNames.ManagedClusters, null).Items)
        {
            var name = cluster.Metadata().Str("name") ?? "";
            if (OcmStore.Spoke(fleet, name) is null)
            {
                continue;
            }

            var configs = new JsonArray(new JsonObject { ["url"] = new Uri(secureBase, $"clusters/{name}").ToString(), ["caBundle"] = caBundle });
            hub.Store.Mutate(type, "", name, current =>
            {
                current.Child("spec")["managedClusterClientConfigs"] = configs.DeepClone();
                return current;
            });
        }

        return null;
    }
}
