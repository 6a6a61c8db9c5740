using System.CommandLine;

namespace Kubernaut.Bench.AlertToLaunch;

/// <summary><c>alert-to-launch</c>: Alertmanager webhook → AWX job launched, at trust level 4, with the real investigation.</summary>
internal static class AlertToLaunchCommand
{
    public static Command Create()
    {
        var runs = new Option<int>("--runs") { Description = "Measured alerts (one RemediationRequest each)", DefaultValueFactory = _ => 50 };
        var speed = new Option<double>("--speed") { Description = "Simulated seconds per wall-clock second on the fleet", DefaultValueFactory = _ => 60 };
        var command = new Command("alert-to-launch", "Alert → AWX job launch latency at trust level L4 (real investigation, selection, ephemeral identity), p50/p95")
        {
            runs, speed,
        };
        command.SetAction(async (result, ct) =>
        {
            var table = await AlertToLaunchRun.RunAsync(result.GetValue(runs), result.GetValue(speed), Console.Out, ct);
            Console.WriteLine();
            Console.WriteLine(table);
            return 0;
        });
        return command;
    }
}
