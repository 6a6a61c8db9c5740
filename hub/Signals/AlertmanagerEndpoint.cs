using System.Text.Json;
using Kubernaut.Hub.Fleet;
using Kubernaut.Hub.Hosting;
using Kubernaut.Hub.Remediation;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Signals;

/// <summary>
/// <c>POST /api/v1/signals/alertmanager</c>: Alertmanager's webhook receiver. Bad input gets a 4xx that says what is
/// wrong (Alertmanager does not retry those); a hub that cannot reach its cluster answers 503 so Alertmanager retries.
/// </summary>
internal static partial class AlertmanagerEndpoint
{
    public static IEndpointRouteBuilder MapAlertmanagerReceiver(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/signals/alertmanager", ReceiveAsync).WithName("AlertmanagerWebhook").WithTags("Signals");
        return app;
    }

    private static async Task<IResult> ReceiveAsync(HttpContext http, SignalIntake intake, IOptions<SignalOptions> signals, IOptions<HubOptions> hub,
        HubMetrics metrics, ILoggerFactory loggers, CancellationToken ct)
    {
        var receiver = signals.Value.Alertmanager;
        if (!ReceiverAuthentication.IsAuthorized(http.Request, receiver))
        {
            metrics.Signal("alertmanager", "unauthenticated");
            http.Response.Headers.WWWAuthenticate = ReceiverAuthentication.Challenge(receiver);
            return Results.Problem(title: "unauthenticated", detail: "this receiver requires the credential configured in Alertmanager's http_config",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        if (!RequestBodyReader.IsJson(http.Request))
        {
            return RequestBodyReader.NotJson(http.Request);
        }

        var body = await RequestBodyReader.ReadAsync(http.Request, hub.Value.MaxRequestBodyBytes, ct);
        if (body is null)
        {
            metrics.Signal("alertmanager", "too-large");
            return RequestBodyReader.TooLarge(hub.Value);
        }

        AlertmanagerMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(body, AlertmanagerJsonContext.Default.AlertmanagerMessage);
        }
        catch (JsonException e)
        {
            metrics.Signal("alertmanager", "malformed");
            return Results.Problem(title: "malformed JSON", detail: $"the body is not a valid Alertmanager webhook message: {e.Message}",
                statusCode: StatusCodes.Status400BadRequest);
        }

        var errors = AlertmanagerValidation.Validate(message);
        if (errors.Count > 0)
        {
            metrics.Signal("alertmanager", "invalid");
            return Results.ValidationProblem(errors, title: "invalid Alertmanager webhook message");
        }

        try
        {
            var receipt = await AcceptAllAsync(message!, intake, signals.Value.ClusterLabel, signals.Value.OccurrenceFlushInterval > TimeSpan.Zero, ct);
            return receipt.Accepted == 0
                ? Results.Problem(title: "no alert could be accepted", detail: string.Join("; ", receipt.Rejected.Select(r => $"alert {r.Alert} ({r.AlertName}): {r.Reason}")),
                    statusCode: StatusCodes.Status422UnprocessableEntity, extensions: new Dictionary<string, object?> { ["rejected"] = receipt.Rejected })
                : Results.Ok(receipt);
        }
        catch (Exception e) when (e is HttpRequestException or k8s.Autorest.HttpOperationException or SpokeUnreachableException)
        {
            LogUnavailable(loggers.CreateLogger(typeof(AlertmanagerEndpoint).FullName!), e.Message);
            return Results.Problem(title: "hub cannot reach the fleet", detail: e.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    /// <summary>
    /// Alerts are taken in order; a run of consecutive alerts that name the same alert, state, cluster and object (a
    /// group of pods of one workload, as Alertmanager groups them) goes through intake once, counting as many
    /// occurrences as it holds, and each alert still gets its own receipt line.
    /// </summary>
    private static async Task<AlertmanagerReceipt> AcceptAllAsync(AlertmanagerMessage message, SignalIntake intake, string clusterLabel, bool coalesce, CancellationToken ct)
    {
        var accepted = new List<ReceiptItem>();
        var rejected = new List<RejectedAlert>();
        var signals = message.Alerts!.Select(alert => AlertmanagerValidation.ToSignal(message, alert, clusterLabel)).ToList();
        for (var i = 0; i < signals.Count;)
        {
            var (signal, rejection) = signals[i];
            var run = 1;
            while (signal is not null && i + run < signals.Count && signals[i + run].Signal is { } next && SameOccurrence(signal, next))
            {
                run++;
            }

            var outcome = signal is null ? null : await intake.AcceptAsync(signal, coalesce, run, ct);
            for (var k = i; k < i + run; k++)
            {
                if (signal is null || outcome?.Rejection is not null)
                {
                    rejected.Add(new RejectedAlert(k, message.Alerts![k].Labels?.GetValueOrDefault("alertname"), rejection ?? outcome!.Rejection!));
                    continue;
                }

                // The run's alerts took the last `run` numbers of the count, in order.
                var count = signal.State == SignalStates.Firing && outcome!.OccurrenceCount > 0 ? outcome.OccurrenceCount - (i + run - 1 - k) : outcome!.OccurrenceCount;
                accepted.Add(new ReceiptItem(k, outcome.RequestName, outcome.Created && k == i, count, signal.State, outcome.Coalesced));
            }

            i += run;
        }

        return new AlertmanagerReceipt(accepted.Count, accepted, rejected, message.TruncatedAlerts ?? 0);
    }

    private static bool SameOccurrence(Signal a, Signal b) =>
        a.Cluster == b.Cluster && a.Subject == b.Subject && a.Name == b.Name && a.State == b.State && a.Actor == b.Actor;

    [LoggerMessage(Level = LogLevel.Warning, Message = "alertmanager webhook deferred (503): {Error}")]
    private static partial void LogUnavailable(ILogger logger, string error);
}
