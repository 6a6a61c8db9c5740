using System.Text.Json;
using Kubernaut.KindFleet.Metrics;
using Kubernaut.KindFleet.PromQl;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kubernaut.KindFleet.Alerting;

/// <summary>Registers the rule evaluator and Alertmanager stand-in; serves Alertmanager's <c>/api/v2/alerts</c> and Prometheus' <c>/api/v1/alerts</c>.</summary>
internal static class AlertingEndpoints
{
    public static IServiceCollection AddFleetAlerting(this IServiceCollection services)
    {
        services.AddHttpClient();
        services.TryAddSingleton<PromQlEngine>();
        services.AddSingleton(new FleetAlertingOptions());
        services.AddSingleton<WebhookNotifier>();
        services.AddSingleton<AlertmanagerStandIn>();
        services.AddSingleton<RuleEvaluator>();
        services.AddHostedService(sp => sp.GetRequiredService<RuleEvaluator>());
        return services;
    }

    public static IEndpointRouteBuilder MapFleetAlerting(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in new[] { "/api/v2", "/alertmanager/api/v2" })
        {
            app.MapGet(prefix + "/alerts", (AlertmanagerStandIn am) => Results.Json(am.List()));
            app.MapPost(prefix + "/alerts", async (HttpRequest request, AlertmanagerStandIn am) =>
            {
                try
                {
                    var alerts = await JsonSerializer.DeserializeAsync<List<PostableAlert>>(request.Body, cancellationToken: request.HttpContext.RequestAborted)
                        ?? throw new ArgumentException("body must be a JSON array of alerts");
                    am.Ingest(alerts);
                    return Results.Ok();
                }
                catch (Exception e) when (e is JsonException or ArgumentException)
                {
                    return Results.Json(new { code = 400, message = e.Message }, statusCode: StatusCodes.Status400BadRequest);
                }
            });
        }

        app.MapGet("/thanos/api/v1/alerts", (RuleEvaluator rules) => Results.Json(new
        {
            status = "success",
            data = new
            {
                alerts = rules.Alerts().Select(a => new
                {
                    labels = a.Labels.ToDictionary(),
                    annotations = a.Annotations,
                    state = a.State == RuleAlertState.Firing ? "firing" : "pending",
                    activeAt = a.ActiveAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                    value = GoFloat.FormatE(a.Value),
                }),
            },
        }));
        return app;
    }
}
