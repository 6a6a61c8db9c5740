using Kubernaut.KindFleet.ApiServer;

namespace Kubernaut.KindFleet.Fleet;

/// <summary>Maps each simulated cluster's API under <c>/clusters/{cluster}/</c>.</summary>
internal static class FleetEndpoints
{
    public static IEndpointRouteBuilder MapClusterApis(this IEndpointRouteBuilder app)
    {
        app.Map("/clusters/{cluster}/{**path}", async (HttpContext ctx, string cluster, string? path, SimulatedFleet fleet, KubeApiHandler handler) =>
        {
            var target = fleet.Find(cluster);
            if (target is null)
            {
                await KubeResponses.WriteErrorAsync(ctx, new Storage.KubeApiException(System.Net.HttpStatusCode.NotFound, "NotFound", $"cluster \"{cluster}\" is not part of the simulated fleet"));
                return;
            }

            await handler.HandleAsync(ctx, target, path ?? "");
        });
        return app;
    }
}
