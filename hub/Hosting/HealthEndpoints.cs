namespace Kubernaut.Hub.Hosting;

/// <summary><c>/healthz</c> answers while the process serves; <c>/readyz</c> only once every component is ready.</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHubHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Text("ok")).WithName("Healthz");
        app.MapGet("/readyz", (HubReadiness readiness) => readiness.IsReady
                ? Results.Text("ok")
                : Results.Json(new { ready = false, waitingFor = readiness.Pending }, statusCode: StatusCodes.Status503ServiceUnavailable))
            .WithName("Readyz");
        return app;
    }
}
