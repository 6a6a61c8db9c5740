using Kubernaut.KindFleet.Ocm;

namespace Kubernaut.KindFleet.Fleet;

/// <summary>Creates the fleet's clusters with their baseline objects.</summary>
internal static class FleetBootstrap
{
    public static readonly IReadOnlyList<string> DefaultClusters = [SimulatedFleet.HubName, "prod-us-east", "prod-eu-west", "staging"];

    public static SimulatedFleet Create(TimeProvider time, IReadOnlyList<string> clusterNames, string? adminToken, int watchHistory = 2048)
    {
        var fleet = new SimulatedFleet(time, adminToken);
        foreach (var name in clusterNames)
        {
            var cluster = fleet.Add(name, watchHistory);
            Baseline.SeedCluster(cluster);
            if (name != SimulatedFleet.HubName)
            {
                SeedWorkloads.Seed(cluster);
            }
        }

        OcmBootstrap.Seed(fleet);

        return fleet;
    }
}
