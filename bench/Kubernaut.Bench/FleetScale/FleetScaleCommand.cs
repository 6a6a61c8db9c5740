using System.CommandLine;
using Kubernaut.Bench.Measurement;

namespace Kubernaut.Bench.FleetScale;

/// <summary><c>fleet-scale</c>: memory and list/watch latency of one process serving many simulated clusters.</summary>
internal static class FleetScaleCommand
{
    public static Command Create()
    {
        var clusters = new Option<int>("--clusters") { Description = "Simulated clusters in the process", DefaultValueFactory = _ => 1000 };
        var workloads = new Option<int>("--workloads") { Description = "Deployments (each with a ConfigMap and 3 pods) seeded per cluster through the store", DefaultValueFactory = _ => 3 };
        var lists = new Option<int>("--list-requests") { Description = "List requests per resource (pods, nodes, configmaps)", DefaultValueFactory = _ => 300 };
        var watches = new Option<int>("--watches") { Description = "Concurrent open watches, one per randomly chosen cluster", DefaultValueFactory = _ => 100 };
        var writes = new Option<int>("--writes") { Description = "Writes whose event delivery is timed", DefaultValueFactory = _ => 500 };
        var controllers = new Option<bool>("--with-controllers") { Description = "Also run the simulated control plane (off: the API server and store alone)" };
        var seed = new Option<int>("--seed") { Description = "Random seed for cluster choice", DefaultValueFactory = _ => 42 };
        var command = new Command("fleet-scale", "Memory per simulated cluster and list/watch latency over HTTPS on loopback")
        {
            clusters, workloads, lists, watches, writes, controllers, seed,
        };
        return command.PrintingTable((result, progress, ct) =>
        {
            var options = new FleetScaleOptions(
                result.GetValue(clusters), result.GetValue(workloads), result.GetValue(lists),
                result.GetValue(watches), result.GetValue(writes), result.GetValue(controllers), result.GetValue(seed));
            return FleetScaleRun.RunAsync(options, progress, ct);
        });
    }
}

internal sealed record FleetScaleOptions(int Clusters, int Workloads, int ListRequests, int Watches, int Writes, bool WithControllers, int Seed);
