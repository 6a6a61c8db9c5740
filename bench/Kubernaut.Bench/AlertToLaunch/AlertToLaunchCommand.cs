using System.CommandLine;
using Kubernaut.Bench.Live;

namespace Kubernaut.Bench.AlertToLaunch;

/// <summary><c>alert-to-launch</c>: Alertmanager webhook → AWX job launched, at trust level 4, with the real investigation.</summary>
internal static class AlertToLaunchCommand
{
    public static Command Create() => LiveBenchCommand.Create("alert-to-launch",
        "Alert → AWX job launch latency at trust level L4 (real investigation, selection, ephemeral identity), p50/p95",
        "Measured alerts (one RemediationRequest each)", AlertToLaunchRun.RunAsync);
}
