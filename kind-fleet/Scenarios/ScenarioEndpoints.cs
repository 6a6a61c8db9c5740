using System.Text.Json;
using Kubernaut.KindFleet.Controllers;

namespace Kubernaut.KindFleet.Scenarios;

/// <summary>A started scenario, as <c>GET /sim/v1/scenarios/{id}</c> reports it.</summary>
internal sealed record ScenarioStatus(
    string Id, string Name, string Cluster, string Namespace, ScenarioTarget Target, string State,
    DateTimeOffset StartedAt, DateTimeOffset? FaultSeenAt, DateTimeOffset? RecoveredAt, IReadOnlyList<ScenarioEvent> Timeline);

internal sealed record ScenarioTarget(string Kind, string Name);

internal sealed record ScenarioEvent(DateTimeOffset At, string What);

/// <summary>A scenario that can be started, as <c>GET /sim/v1/scenarios</c> lists it.</summary>
internal sealed record ScenarioInfo(string Name, string Description, string DefaultCluster, string Namespace, ScenarioTarget Target,
    IReadOnlyList<string> RightFixes, IReadOnlyList<string> WrongFixes);

internal sealed record StartScenarioRequest(string? Name, string? Cluster);

/// <summary>Registers the scenarios and serves <c>/sim/v1/scenarios</c>.</summary>
internal static class ScenarioEndpoints
{
    public static IServiceCollection AddFleetScenarios(this IServiceCollection services)
    {
        services.AddSingleton<Scenario, OomAfterConfigChange>();
        services.AddSingleton<Scenario, DbReplicasLostAfterDrain>();
        services.AddSingleton<Scenario, BadImageRollout>();
        services.AddSingleton<Scenario, LivenessProbeFailureAfterDeploy>();
        services.AddSingleton<Scenario, MissingSecret>();
        services.AddSingleton<Scenario, CpuThrottlingAtHpaMax>();
        services.AddSingleton<Scenario, OomFromTrafficSpike>();
        services.AddSingleton<ScenarioRunner>();
        services.AddSingleton<IClusterController>(sp => sp.GetRequiredService<ScenarioRunner>());
        return services;
    }

    public static IEndpointRouteBuilder MapFleetScenarios(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sim/v1/scenarios", (ScenarioRunner runner) => Results.Json(new
        {
            items = runner.Scenarios.Select(s => new ScenarioInfo(s.Name, s.Description, s.DefaultCluster, s.Namespace,
                new ScenarioTarget(s.Target.Kind, s.Target.Name), s.RightFixes, s.WrongFixes)),
            runs = runner.Runs.Select(Status),
        }));
        app.MapPost("/sim/v1/scenarios", async (HttpRequest request, ScenarioRunner runner) =>
        {
            try
            {
                var body = await JsonSerializer.DeserializeAsync<StartScenarioRequest>(request.Body, Json.JsonNodeExtensions.Web, request.HttpContext.RequestAborted);
                var run = runner.Start(body?.Name ?? throw new ArgumentException("name is required"), body.Cluster);
                return Results.Json(Status(run), statusCode: StatusCodes.Status201Created);
            }
            catch (Exception e) when (e is ArgumentException or JsonException or InvalidOperationException)
            {
                return Results.Json(new { error = e.Message }, statusCode: StatusCodes.Status400BadRequest);
            }
        });
        app.MapGet("/sim/v1/scenarios/{id}", (string id, ScenarioRunner runner) =>
            runner.Find(id) is { } run ? Results.Json(Status(run)) : Results.Json(new { error = $"no scenario run {id}" }, statusCode: StatusCodes.Status404NotFound));
        return app;
    }

    private static ScenarioStatus Status(ScenarioRun run)
    {
        lock (run)
        {
            return new ScenarioStatus(run.Id, run.Scenario.Name, run.Cluster.Name, run.Scenario.Namespace,
                new ScenarioTarget(run.Scenario.Target.Kind, run.Scenario.Target.Name), run.State.ToString().ToLowerInvariant(),
                run.StartedAt, run.FaultSeenAt, run.RecoveredAt, [.. run.Timeline.Select(t => new ScenarioEvent(t.At, t.What))]);
        }
    }
}
