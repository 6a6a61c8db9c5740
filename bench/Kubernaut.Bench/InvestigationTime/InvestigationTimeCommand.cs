using System.CommandLine;

namespace Kubernaut.Bench.InvestigationTime;

/// <summary><c>investigation-time</c>: how long the deterministic investigator takes on each seed story, on the live simulated fleet.</summary>
internal static class InvestigationTimeCommand
{
    public static Command Create()
    {
        var runs = new Option<int>("--runs") { Description = "Measured investigations per seed story", DefaultValueFactory = _ => 50 };
        var speed = new Option<double>("--speed") { Description = "Simulated seconds per wall-clock second on the fleet", DefaultValueFactory = _ => 60 };
        var command = new Command("investigation-time", "Seed-story investigation time (deterministic engine, spoke MCP through cluster-proxy, Thanos, Keycloak), p50/p95")
        {
            runs, speed,
        };
        command.SetAction(async (result, ct) =>
        {
            var table = await InvestigationTimeRun.RunAsync(result.GetValue(runs), result.GetValue(speed), Console.Out, ct);
            Console.WriteLine();
            Console.WriteLine(table);
            return 0;
        });
        return command;
    }
}
