using System.CommandLine;
using Kubernaut.KindFleet.Fleet;

namespace Kubernaut.KindFleet.Cli;

/// <summary><c>up --port P --kubeconfig FILE</c>: the simulated fleet alone, in the foreground.</summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0 picks a free one and prints it)", DefaultValueFactory = _ => 0 };
        var kubeconfig = new Option<string>("--kubeconfig") { Description = "Where to write the kubeconfig (contexts hub, prod-us-east, prod-eu-west, staging)", DefaultValueFactory = _ => "kind-fleet.kubeconfig" };
        var speed = new Option<double>("--speed") { Description = "How many simulated seconds pass per wall-clock second", DefaultValueFactory = _ => 1 };
        var start = new Option<DateTimeOffset?>("--start") { Description = "The fleet clock's time at start-up (ISO 8601, e.g. 2026-03-02T03:10:00Z); default: now" };
        var verbose = new Option<bool>("--verbose") { Description = "Debug logging" };
        var command = new Command("up", "Run the simulated fleet until SIGINT/SIGTERM") { port, kubeconfig, speed, start, verbose };
        command.SetAction(async (result, ct) =>
        {
            var options = new FleetHostOptions
            {
                Port = result.GetValue(port),
                Verbose = result.GetValue(verbose),
                Time = SimulationClock.Create(result.GetValue(speed), result.GetValue(start)),
            };
            await using var app = FleetHost.Build(options);
            await app.StartAsync(ct);
            var baseAddress = FleetHost.BaseAddress(app);
            var fleet = app.Services.GetRequiredService<SimulatedFleet>();
            var path = result.GetValue(kubeconfig)!;
            Kubeconfig.Write(path, Kubeconfig.Render(FleetHost.SecureAddress(app), app.Services.GetRequiredService<FleetCertificate>().AuthorityPem, fleet.Clusters.Select(c => c.Name), fleet.AdminToken));
            Console.WriteLine($"kind-fleet: {fleet.Clusters.Count()} clusters at {baseAddress} (port {baseAddress.Port}); kubeconfig written to {Path.GetFullPath(path)}");
            await app.WaitForShutdownAsync(ct);
            return 0;
        });
        return command;
    }
}
