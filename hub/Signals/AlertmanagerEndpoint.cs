using System.Text.Json;
using Kubernaut.Hub.Fleet;
using Kubernaut.Hub.Hosting;
using Kubernaut.Hub.Identity;
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
        OwnCredential.Require(app.MapPost("/api/v1/signals/alertmanager", ReceiveAsync).WithName("AlertmanagerWebhook").WithTags("Signals"));
        return app;
    }

    private static async Task<IResult> ReceiveAsync(HttpContext http, SignalIntake intake, IOptions<SignalOptions> signals, ClusterLabel clusterLabel,
        IOptions<HubOptions> hub, HubMetrics metrics, ILoggerFactory loggers, CancellationToken ct)
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

        using var body = await RequestBodyReader.ReadAsync(http.Request, hub.Value.MaxRequestBodyBytes, ct);
        if (body is null)
        {
            metrics.Signal("alertmanager", "too-large");
            return RequestBodyReader.TooLarge(hub.Value);
        }

        AlertmanagerWebhook message;
        try
        {
            message = AlertmanagerWebhook.Parse(body.Memory);
        }
        catch (JsonException e)
        {
            metrics.Signal("alertmanager", "malformed");
            return Results.Problem(title: "malformed JSON", detail: $"the body is not a valid Alertmanager webhook message: {e.Message}",
                statusCode: StatusCodes.Status400BadRequest);
        }

        using var parsed = message;
        var errors = AlertmanagerValidation.Validate(message);
        if (errors.Count > 0)
        {
            metrics.Signal("alertmanager", "invalid");
            return Results.ValidationProblem(errors, title: "invalid Alertmanager webhook message");
        }

        try
        {
            var receipt = await AcceptAllAsync(message, intake, clusterLabel, signals.Value.OccurrenceFlushInterval > TimeSpan.Zero, ct);
            return receipt.Accepted == 0
                ? Results.Problem(title: "no alert could be accepted", detail: string.Join("; ", receipt.Rejected.Select(r => $"alert {r.Alert} ({r.AlertName}): {r.Reason}")),
                    statusCode: StatusCodes.Status422UnprocessableEntity, extensions: new Dictionary<string, object?> { ["rejected"] = receipt.Rejected })
                : Results.Json(receipt, AlertmanagerJsonContext.Default.AlertmanagerReceipt);
        }
        catch (Exception e) when (e is HttpRequestException or k8s.Autorest.HttpOperationException or SpokeUnreachableException)
        {
            LogUnavailable(loggers.CreateLogger(typeof(AlertmanagerEndpoint).FullName!), e.Message);
            return Results.Problem(title: "hub cannot reach the fleet", detail: e.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    /// <summary>
    /// Alerts are taken in order; a run of consecutive alerts of the same name and state on the same top-level owner
    /// (the pods of one workload, as Alertmanager groups them) goes through intake once, counting as many occurrences as
    /// it holds, and gets one receipt line.
    /// </summary>
    private static async Task<AlertmanagerReceipt> AcceptAllAsync(AlertmanagerWebhook message, SignalIntake intake, ClusterLabel clusterLabel, bool coalesce, CancellationToken ct)
    {
        var alerts = message.Alerts();
        var runs = await RunsAsync(alerts, intake, clusterLabel, ct);
        var accepted = new List<ReceiptItem>(runs.Count);
        var rejected = new List<RejectedAlert>();
        var acceptedAlerts = 0;
        foreach (var (first, length, subject, rejection) in runs)
        {
            var outcome = subject is null ? null : await intake.AcceptAsync(AlertmanagerValidation.ToSignal(message, alerts[first], subject), coalesce, length, ct);
            if (subject is null || outcome?.Rejection is not null)
            {
                rejected.AddRange(Enumerable.Range(first, length).Select(k => new RejectedAlert(k, alerts[k].Label("alertname"u8), rejection ?? outcome!.Rejection!)));
                continue;
            }

            accepted.Add(new ReceiptItem(first, length, outcome!.RequestName, outcome.Created, outcome.OccurrenceCount, subject.State, outcome.Coalesced));
            acceptedAlerts += length;
        }

        return new AlertmanagerReceipt(acceptedAlerts, accepted, rejected, message.TruncatedAlerts);
    }

    /// <summary>Consecutive alerts that count as one: same cluster, alert name, state and top-level owner; an unusable alert is a run of its own.</summary>
    private static async Task<List<AlertRun>> RunsAsync(IReadOnlyList<WebhookAlert> alerts, SignalIntake intake, ClusterLabel clusterLabel, CancellationToken ct)
    {
        var runs = new List<AlertRun>();
        (AlertSubject Subject, ObjectRef Target)? open = null;
        for (var i = 0; i < alerts.Count; i++)
        {
            var (subject, rejection) = AlertmanagerValidation.Describe(alerts[i], clusterLabel);
            // An unmanaged cluster has no owners to walk: its alerts group by the object they name, and intake says why it refuses them.
            var target = subject is null ? null
                : open is { } previous && previous.Subject.Cluster == subject.Cluster && previous.Subject.Object == subject.Object ? previous.Target
                : await intake.TargetAsync(subject.Cluster, subject.Object, ct) ?? subject.Object;
            if (subject is not null && open is { } current && target == current.Target
                && subject.Cluster == current.Subject.Cluster && subject.AlertName == current.Subject.AlertName && subject.State == current.Subject.State)
            {
                runs[^1] = runs[^1] with { Length = runs[^1].Length + 1 };
                continue;
            }

            runs.Add(new AlertRun(i, 1, subject, rejection));
            open = subject is null ? null : (subject, target!);
        }

        return runs;
    }

    private readonly record struct AlertRun(int First, int Length, AlertSubject? Subject, string? Rejection);

    [LoggerMessage(Level = LogLevel.Warning, Message = "alertmanager webhook deferred (503): {Error}")]
    private static partial void LogUnavailable(ILogger logger, string error);
}
