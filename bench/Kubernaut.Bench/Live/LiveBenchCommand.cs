using System.CommandLine;
using Kubernaut.Bench.Measurement;

namespace Kubernaut.Bench.Live;

/// <summary>A benchmark on the live fleet (<see cref="LiveFleet"/>): how many measured runs, at what fleet clock speed.</summary>
internal static class LiveBenchCommand
{
    public static Command Create(string name, string description, string runsDescription,
        Func<int, double, TextWriter, CancellationToken, Task<ResultTable>> run)
    {
        var runs = new Option<int>("--runs") { Description = runsDescription, DefaultValueFactory = _ => 50 };
        var speed = new Option<double>("--speed") { Description = "Simulated seconds per wall-clock second on the fleet", DefaultValueFactory = _ => 60 };
        return new Command(name, description) { runs, speed }
            .PrintingTable((result, progress, ct) => run(result.GetValue(runs), result.GetValue(speed), progress, ct));
    }
}
