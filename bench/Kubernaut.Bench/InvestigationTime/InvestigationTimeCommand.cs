using System.CommandLine;
using Kubernaut.Bench.Live;

namespace Kubernaut.Bench.InvestigationTime;

/// <summary><c>investigation-time</c>: how long the deterministic investigator takes on each seed story, on the live simulated fleet.</summary>
internal static class InvestigationTimeCommand
{
    public static Command Create() => LiveBenchCommand.Create("investigation-time",
        "Seed-story investigation time (deterministic engine, spoke MCP through cluster-proxy, Thanos, Keycloak), p50/p95",
        "Measured investigations per seed story", InvestigationTimeRun.RunAsync);
}
