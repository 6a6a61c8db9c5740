using System.Text;
using System.Text.Json;
using Kubernaut.Hub.Audit;
using Kubernaut.Hub.Identity;
using Kubernaut.Hub.Remediation;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Events;

/// <summary>
/// <c>GET /api/v1/remediations/{id}/events</c> (Server-Sent Events): the request's history from the audit trail, then
/// every new entry as it is appended. Event ids are audit sequence numbers, so a client reconnecting with
/// <c>Last-Event-ID</c> gets exactly what it missed. Entries appended by other replicas arrive by polling the trail.
/// <c>?follow=false</c> ends the stream after the history.
/// </summary>
internal static class RemediationEventsEndpoint
{
    public static IEndpointRouteBuilder MapRemediationEvents(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/remediations/{id}/events", StreamAsync).WithName("RemediationEvents").WithTags("Remediations")
            .RequireAuthorization(HubPolicies.Viewer);
        return app;
    }

    private static async Task StreamAsync(string id, HttpContext http, RemediationStore store, IAuditFollower trail, AuditNotifier notifier,
        IOptions<EventStreamOptions> options, TimeProvider time, bool? follow, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is null)
        {
            await Results.Problem(title: "remediation not found", detail: $"no RemediationRequest named {id}", statusCode: StatusCodes.Status404NotFound)
                .ExecuteAsync(http);
            return;
        }

        var lastHeader = http.Request.Headers["Last-Event-ID"].ToString();
        var last = long.TryParse(lastHeader.Length > 0 ? lastHeader : http.Request.Query["lastEventId"].ToString(), out var parsed) ? parsed : 0;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        await http.Response.WriteAsync($"retry: {(int)options.Value.ClientRetry.TotalMilliseconds}\n\n", ct);
        await http.Response.Body.FlushAsync(ct);

        var sinceKeepAlive = time.GetUtcNow();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                // Take the wake-up before reading, so an append between the read and the wait is not slept through.
                var appended = notifier.NextAppend;
                var entries = await trail.ReadNextAsync(id, last, 500, ct);
                foreach (var entry in entries)
                {
                    await http.Response.WriteAsync(Format(entry), ct);
                    last = entry.Seq;
                }

                if (entries.Count > 0)
                {
                    await http.Response.Body.FlushAsync(ct);
                    sinceKeepAlive = time.GetUtcNow();
                    if (entries.Count == 500)
                    {
                        continue;
                    }
                }

                if (follow == false)
                {
                    return;
                }

                await Task.WhenAny(appended, Task.Delay(options.Value.PollInterval, time, ct));
                if (time.GetUtcNow() - sinceKeepAlive >= options.Value.KeepAlive)
                {
                    await http.Response.WriteAsync(": keep-alive\n\n", ct);
                    await http.Response.Body.FlushAsync(ct);
                    sinceKeepAlive = time.GetUtcNow();
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client disconnected; it resumes with Last-Event-ID.
        }
    }

    private static string Format(AuditEntry entry)
    {
        var data = JsonSerializer.Serialize(new
        {
            seq = entry.Seq,
            at = entry.At,
            kind = entry.Kind,
            remediationId = entry.RemediationId,
            actor = entry.Actor,
            via = entry.Via,
            reason = entry.Reason,
            data = System.Text.Json.Nodes.JsonNode.Parse(entry.Data),
        });
        return new StringBuilder().Append("id: ").Append(entry.Seq).Append('\n')
            .Append("event: ").Append(entry.Kind).Append('\n')
            .Append("data: ").Append(data).Append("\n\n").ToString();
    }
}

/// <summary>Event stream pacing (section <c>Events</c>).</summary>
internal sealed class EventStreamOptions
{
    public const string Section = "Events";

    /// <summary>How often a stream looks for entries written by other replicas.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The reconnection delay suggested to clients (the SSE <c>retry:</c> field).</summary>
    public TimeSpan ClientRetry { get; set; } = TimeSpan.FromSeconds(2);
}
