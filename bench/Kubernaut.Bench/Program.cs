using System.CommandLine;
using Kubernaut.Bench.FleetScale;

// Each benchmark is a subcommand; later ones (hub ingest, investigation time) add theirs here.
var root = new RootCommand("Kubernaut benchmarks: bounded, loopback-only measurements that print a table of figures")
{
    FleetScaleCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
