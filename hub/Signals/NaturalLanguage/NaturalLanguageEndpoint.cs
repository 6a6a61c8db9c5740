using System.Text.Json;
using System.Text.Json.Serialization;
using Kubernaut.Hub.Hosting;
using Kubernaut.Hub.Identity;
using Kubernaut.Hub.Remediation;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Signals.NaturalLanguage;

/// <summary>
/// <c>POST /api/v1/signals</c> <c>{"text": "...", "cluster": optional}</c>: a person's report becomes a signal on the
/// workload it describes (201 with the new request, 200 when it joined an open one), or 422 saying what is missing.
/// </summary>
internal static class NaturalLanguageEndpoint
{
    public static IEndpointRouteBuilder MapNaturalLanguageSignals(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/signals", ReceiveAsync).WithName("NaturalLanguageSignal").WithTags("Signals")
            .RequireAuthorization(HubPolicies.Operator);
        return app;
    }

    private static async Task<IResult> ReceiveAsync(HttpContext http, NaturalLanguageResolver resolver, SignalIntake intake,
        IOptions<SignalOptions> signals, IOptions<HubOptions> hub, CancellationToken ct)
    {
        if (!RequestBodyReader.IsJson(http.Request))
        {
            return RequestBodyReader.NotJson(http.Request);
        }

        using var body = await RequestBodyReader.ReadAsync(http.Request, hub.Value.MaxRequestBodyBytes, ct);
        if (body is null)
        {
            return RequestBodyReader.TooLarge(hub.Value);
        }

        TextSignalRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<TextSignalRequest>(body.Memory.Span);
        }
        catch (JsonException e)
        {
            return Results.Problem(title: "malformed JSON", detail: e.Message, statusCode: StatusCodes.Status400BadRequest);
        }

        if (string.IsNullOrWhiteSpace(request?.Text) || request.Text.Length > signals.Value.MaxTextLength)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                ["text"] = [$"required: a description of the problem, at most {signals.Value.MaxTextLength} characters"],
            }, title: "invalid signal");
        }

        var resolution = await resolver.ResolveAsync(request.Text, request.Cluster, ct);
        if (!resolution.IsResolved)
        {
            return Results.Problem(title: $"cannot tell which {string.Join(" and ", resolution.Missing)} is meant", detail: resolution.Problem,
                statusCode: StatusCodes.Status422UnprocessableEntity,
                extensions: new Dictionary<string, object?> { ["missing"] = resolution.Missing, ["candidates"] = resolution.Candidates, ["symptom"] = resolution.Symptom });
        }

        var actor = http.User.Identity?.IsAuthenticated == true ? http.User.Identity.Name ?? "authenticated" : "anonymous";
        var workload = resolution.Workload!;
        var outcome = await intake.AcceptAsync(new Signal
        {
            Cluster = workload.Cluster,
            Subject = workload.Ref,
            Name = resolution.Symptom,
            Severity = "warning",
            Type = "natural-language",
            Source = "api",
            Actor = actor,
            Description = request.Text,
            FiringTime = null,
        }, coalesce: false, occurrences: 1, ct);
        if (outcome.Rejection is not null || outcome.Request is null)
        {
            return Results.Problem(title: "signal not accepted", detail: outcome.Rejection, statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        var view = RemediationView.From(outcome.Request) with { Resolution = resolution };
        return outcome.Created
            ? Results.Created($"/api/v1/remediations/{outcome.Request.Name}", view)
            : Results.Ok(view);
    }
}

internal sealed record TextSignalRequest(
    [property: JsonPropertyName("text")] string? Text,
    [property: JsonPropertyName("cluster")] string? Cluster);
