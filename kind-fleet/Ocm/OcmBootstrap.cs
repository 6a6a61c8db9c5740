using Kubernaut.KindFleet.Fleet;

namespace Kubernaut.KindFleet.Ocm;

/// <summary>What the OCM hub holds at start: the OCM CRDs, a ManagedCluster per spoke, cluster sets and addons.</summary>
internal static class OcmBootstrap
{
    public static void Seed(SimulatedFleet fleet)
    {
        _ = fleet;
    }
}
