using System.CommandLine;
using Kubernaut.KindFleet.Cli;

var root = new RootCommand("kind-fleet: a simulated OCM fleet (hub + spokes) speaking the Kubernetes API")
{
    UpCommand.Create(),
    DemoCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
