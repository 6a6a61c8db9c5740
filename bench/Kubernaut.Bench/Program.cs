using System.CommandLine;
using Kubernaut.Bench.FleetScale;
using Kubernaut.Bench.HubIngest;

// Each benchmark is a subcommand; later ones (hub ingest, investigation time) add theirs here.
var root = new RootCommand("Kubernaut benchmarks: bounded, loopback-only measurements that print a table of figures")
{
    FleetScaleCommand.Create(),
    HubIngestCommand.Create(),
    Kubernaut.Bench.InvestigationTime.InvestigationTimeCommand.Create(), Kubernaut.Bench.AlertToLaunch.AlertToLaunchCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
