using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Ocm;
using Kubernaut.KindFleet.Resources;
using Microsoft.Extensions.Time.Testing;

namespace Kubernaut.KindFleet.Tests.Ocm;

/// <summary>
/// A bootstrapped fleet without a web host, on a fake clock, whose OCM controllers are stepped by hand:
/// what the controllers do, without waiting for timers.
/// </summary>
internal sealed class OcmHarness : IDisposable
{
    public OcmHarness()
    {
        Fleet = FleetBootstrap.Create(Time, FleetBootstrap.DefaultClusters, adminToken: null);
        Certificate = FleetCertificate.Create(Time);
        Controllers =
        [
            new ManagedClusterStatusController(Fleet, FleetAddress.Fixed(new Uri("https://127.0.0.1:6443/")), Certificate),
            new ManagedServiceAccountController(Fleet, Certificate),
            new ClusterPermissionController(Fleet),
            new PlacementController(),
            new AddOnTemplateController(Fleet),
            new ManifestWorkController(Fleet),
        ];
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));

    public SimulatedFleet Fleet { get; }

    public FleetCertificate Certificate { get; }

    public IReadOnlyList<IClusterController> Controllers { get; }

    public SimulatedCluster Hub => Fleet.Find(SimulatedFleet.HubName)!;

    public SimulatedCluster Spoke(string name) => Fleet.Find(name)!;

    /// <summary>Runs every hub controller until a pass changes nothing, as the controller host would after a change.</summary>
    public void Settle()
    {
        for (var pass = 0; pass < 20; pass++)
        {
            var before = Fleet.Clusters.Sum(c => c.Store.Revision);
            foreach (var controller in Controllers)
            {
                controller.Reconcile(Hub);
            }

            if (Fleet.Clusters.Sum(c => c.Store.Revision) == before)
            {
                return;
            }
        }

        throw new InvalidOperationException("the OCM controllers did not settle in 20 passes");
    }

    public JsonObject Create(SimulatedCluster cluster, string yaml)
    {
        var obj = (JsonObject)KindFleet.ApiServer.RequestBody.FromYaml(yaml)!;
        var type = cluster.Catalog.FindByKind(obj.Str("apiVersion")!, obj.Str("kind")!)!;
        Defaults.Apply(type, obj, cluster);
        return cluster.Store.Create(type, obj);
    }

    public JsonObject? Get(SimulatedCluster cluster, string group, string plural, string ns, string name) =>
        cluster.Store.Get(new GroupResource(group, plural), ns, name);

    public void Delete(SimulatedCluster cluster, string group, string plural, string ns, string name) =>
        cluster.Store.Delete(cluster.Type(group, plural), ns, name);

    public void Dispose() => Certificate.Dispose();
}
