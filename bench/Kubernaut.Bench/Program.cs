using System.CommandLine;
using Kubernaut.Bench.FleetScale;
using Kubernaut.Bench.HubIngest;
using Kubernaut.Bench.SessionFanout;

// Each benchmark is a subcommand; later ones (hub ingest, investigation time) add theirs here.
var root = new RootCommand("Kubernaut benchmarks: bounded, loopback-only measurements that print a table of figures")
{
    FleetScaleCommand.Create(),
    HubIngestCommand.Create(),
    SessionFanoutCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
