namespace Kubernaut.KindFleet.Fleet;

/// <summary>The applications each spoke runs at start (the seed's services among a handful of others).</summary>
internal static class SeedWorkloads
{
    public static void Seed(SimulatedCluster cluster)
    {
        _ = cluster;
    }
}
