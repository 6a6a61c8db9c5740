using System.CommandLine;
using Kubernaut.Bench.Measurement;

namespace Kubernaut.Bench.HubIngest;

/// <summary><c>hub-ingest</c>: Alertmanager alerts/s the hub ingests with deduplication, beside a bare Kestrel endpoint.</summary>
internal static class HubIngestCommand
{
    public static Command Create()
    {
        var seconds = new Option<int>("--seconds") { Description = "How long each load phase runs", DefaultValueFactory = _ => 5 };
        var concurrency = new Option<int>("--concurrency") { Description = "Concurrent HTTP clients", DefaultValueFactory = _ => 32 };
        var rounds = new Option<int>("--rounds") { Description = "Alternating bare/hub rounds; the medians are compared", DefaultValueFactory = _ => 3 };
        var podAlerts = new Option<bool>("--pod-alerts")
        {
            Description = "Each alert names a different pod of the workload (a pod-level alert), so each goes through intake on its own; "
                + "by default they name the Deployment and a webhook's alerts are one run",
        };
        var alertsPerMessage = new Option<int>("--alerts-per-message") { Description = "Alerts in each grouped webhook (Alertmanager groups by default)", DefaultValueFactory = _ => 50 };
        var command = new Command("hub-ingest", "Webhook alerts/s into the hub with dedup, against a bare Kestrel endpoint measured in the same run")
        {
            seconds, concurrency, rounds, alertsPerMessage, podAlerts,
        };
        return command.PrintingTable((result, progress, ct) =>
            HubIngestRun.RunAsync(
                new HubIngestOptions(TimeSpan.FromSeconds(result.GetValue(seconds)), result.GetValue(concurrency), result.GetValue(rounds), result.GetValue(alertsPerMessage), result.GetValue(podAlerts)),
                progress, ct));
    }
}

internal sealed record HubIngestOptions(TimeSpan Duration, int Concurrency, int Rounds, int AlertsPerMessage, bool PodAlerts);
