using System.CommandLine;
using Kubernaut.Bench.AlertToLaunch;
using Kubernaut.Bench.FleetScale;
using Kubernaut.Bench.HubIngest;
using Kubernaut.Bench.InvestigationTime;
using Kubernaut.Bench.SessionFanout;

// Each benchmark is a subcommand.
var root = new RootCommand("Kubernaut benchmarks: bounded, loopback-only measurements that print a table of figures")
{
    FleetScaleCommand.Create(),
    HubIngestCommand.Create(),
    InvestigationTimeCommand.Create(),
    AlertToLaunchCommand.Create(),
    SessionFanoutCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
