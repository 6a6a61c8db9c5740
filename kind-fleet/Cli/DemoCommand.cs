using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Kubernaut.Hub.Hosting;
using Kubernaut.KindFleet.Awx;
using Kubernaut.KindFleet.Demo;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.SpokeAddons;

namespace Kubernaut.KindFleet.Cli;

/// <summary>
/// <c>demo --port P [--kubeconfig FILE] [--exit-when-done]</c>: the simulated fleet, the hub, the dev Keycloak issuer
/// and the AWX stand-in in one host on <c>http://127.0.0.1:P</c>, printing each request's live transcript.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0 picks a free one and prints it)", DefaultValueFactory = _ => 0 };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Where to write the fleet's kubeconfig (default: a temporary file)" };
        var speed = new Option<double>("--speed") { Description = "How many simulated seconds pass per wall-clock second", DefaultValueFactory = _ => 20 };
        var exitWhenDone = new Option<bool>("--exit-when-done") { Description = "Play both seed stories end to end and exit 0 only if both verify" };
        var command = new Command("demo", "Fleet + hub + Keycloak-compatible issuer + AWX stand-in on one port") { port, kubeconfig, speed, exitWhenDone };
        command.SetAction(async (result, ct) =>
        {
            var requested = result.GetValue(port);
            var settings = new DemoSettings(requested == 0 ? FreePort() : requested,
                result.GetValue(kubeconfig) ?? Path.Combine(Path.GetTempPath(), $"kubernaut-demo-{Guid.NewGuid():N}.kubeconfig"),
                result.GetValue(speed),
                Path.Combine(Path.GetTempPath(), $"kubernaut-demo-audit-{Guid.NewGuid():N}.db"));
            var verdict = new Verdict();
            try
            {
                return await RunAsync(settings, result.GetValue(exitWhenDone), verdict, ct);
            }
            catch (Exception e) when (verdict.Code is { } code)
            {
                // The stories are told and judged; a connection that does not close in time while shutting down
                // (a loaded machine) must not turn the verdict.
                Console.Error.WriteLine($"demo: error while shutting down after the stories: {e.GetType().Name}: {e.Message}");
                return code;
            }
            finally
            {
                File.Delete(settings.AuditPath);
            }
        });
        return command;
    }

    /// <summary>The demo's exit code, once the stories have been judged.</summary>
    private sealed class Verdict
    {
        public int? Code { get; set; }
    }

    private static async Task<int> RunAsync(DemoSettings settings, bool exitWhenDone, Verdict verdict, CancellationToken ct)
    {
        var options = new FleetHostOptions { Port = settings.Port, Time = SimulationClock.Create(settings.Speed) };
        await using var app = FleetHost.Build(options, builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings.Hub(DemoSettings.Repository()));
            builder.AddKubernautHub([]);
            builder.Logging.AddFilter("Kubernaut.Hub", LogLevel.Warning);
            builder.Services.Configure<AwxOptions>(o => o.ApiToken = settings.AwxToken);
            // Once the stories are told nothing in flight is worth waiting for: exit within seconds, not the default 30.
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        });
        var fleet = app.Services.GetRequiredService<SimulatedFleet>();
        Kubeconfig.Write(settings.KubeconfigPath, Kubeconfig.Render(settings.Https, app.Services.GetRequiredService<FleetCertificate>().AuthorityPem,
            fleet.Clusters.Select(c => c.Name), fleet.AdminToken));
        app.MapKubernautHub();
        await app.StartAsync(ct);
        await using var addons = await InProcessSpokeAddons.StartAsync(fleet, settings.KubeconfigPath, new Uri(settings.Issuer), DemoSettings.Spokes, ct);
        await DemoTrust.ApplyAsync(settings, ct);
        DemoAlerting.Apply(app.Services, settings);

        Console.WriteLine($"kubernaut demo: fleet and hub at {settings.Http} (port {settings.Port}); fleet clock ×{settings.Speed}");
        Console.WriteLine($"  kubeconfig {Path.GetFullPath(settings.KubeconfigPath)} (contexts hub, prod-us-east, prod-eu-west, staging)");
        Console.WriteLine($"  Keycloak-compatible issuer {settings.Issuer}: demo-operator / demo-operator-secret (approver), demo-viewer / demo-viewer-secret (viewer) — demo only");
        Console.WriteLine("  trust: prod-us-east and prod-eu-west at L3 (a human approves each execution)");

        using var http = new HttpClient(new DemoOperatorToken(settings.Http)) { BaseAddress = settings.Http, Timeout = Timeout.InfiniteTimeSpan };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var transcript = Task.Run(() => new TranscriptPrinter(http, Console.Out).RunAsync(stop.Token), CancellationToken.None);
        var code = 0;
        if (exitWhenDone)
        {
            code = await new SeedStories(settings, app.Services, Console.Out).PlayAsync(ct);
            verdict.Code = code;
        }
        else
        {
            await app.WaitForShutdownAsync(ct);
        }

        await stop.CancelAsync();
        await transcript;
        await app.StopAsync(CancellationToken.None);
        return code;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
