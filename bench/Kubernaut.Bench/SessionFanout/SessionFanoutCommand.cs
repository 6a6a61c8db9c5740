using System.CommandLine;
using Kubernaut.Bench.Measurement;

namespace Kubernaut.Bench.SessionFanout;

/// <summary><c>session-fanout</c>: how fast a client joining mid-flight catches up, and how many live events/s reach N watchers.</summary>
internal static class SessionFanoutCommand
{
    public static Command Create()
    {
        var history = new Option<int>("--history") { Description = "Events an investigation has already written when clients join", DefaultValueFactory = _ => 200 };
        var joins = new Option<int>("--joins") { Description = "Catch-up joins to time", DefaultValueFactory = _ => 50 };
        var watchers = new Option<int>("--watchers") { Description = "Clients following one request live", DefaultValueFactory = _ => 100 };
        var events = new Option<int>("--events") { Description = "Live events appended while they follow", DefaultValueFactory = _ => 1000 };
        var command = new Command("session-fanout", "Join-mid-flight catch-up latency and live events/s fanned out to many watchers of one RemediationRequest")
        {
            history, joins, watchers, events,
        };
        return command.PrintingTable((result, progress, ct) =>
            SessionFanoutRun.RunAsync(
                new SessionFanoutOptions(result.GetValue(history), result.GetValue(joins), result.GetValue(watchers), result.GetValue(events)), progress, ct));
    }
}

internal sealed record SessionFanoutOptions(int History, int Joins, int Watchers, int Events);
