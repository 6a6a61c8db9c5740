using System.Text.Json;
using System.Text.Json.Serialization;
using Kubernaut.Hub.Audit;
using Kubernaut.Hub.Events;
using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Sessions;
using Microsoft.Extensions.Options;
using ModelContextProtocol;

namespace Kubernaut.Hub.Mcp;

/// <summary>One audit entry as the MCP tools show it (upstream's <c>events[{timestamp,resource,phase,message}]</c>, plus the cursor).</summary>
internal sealed record WatchEvent(
    [property: JsonPropertyName("seq")] long Seq,
    [property: JsonPropertyName("timestamp")] string Timestamp,
    [property: JsonPropertyName("resource")] string Resource,
    [property: JsonPropertyName("event_type")] string EventType,
    [property: JsonPropertyName("phase")] string? Phase,
    [property: JsonPropertyName("actor")] string Actor,
    [property: JsonPropertyName("message")] string Message)
{
    public static WatchEvent From(AuditEntry e)
    {
        string? phase = null;
        string? transcript = null;
        try
        {
            using var data = JsonDocument.Parse(e.Data);
            if (data.RootElement.ValueKind == JsonValueKind.Object && data.RootElement.TryGetProperty("phase", out var p) && p.ValueKind == JsonValueKind.String)
            {
                phase = p.GetString();
            }

            transcript = e.Kind == AuditKinds.Transcript && data.RootElement.TryGetProperty("text", out var t) ? t.GetString() : null;
        }
        catch (JsonException)
        {
            // Data that is not JSON is shown by its reason alone.
        }

        return new WatchEvent(e.Seq, e.At, e.RemediationId ?? "", e.Kind, phase, e.Actor, transcript ?? EvidenceAnswers.TranscriptText(e.Data) ?? e.Reason);
    }

    /// <summary>How a notification shows it: <c>#seq kind: message</c>, so a client can resume from the number it saw last.</summary>
    public string Line => $"#{Seq} {EventType}{(Phase is { } p ? " [" + p + "]" : "")}: {Message}";
}

internal sealed record WatchResult(IReadOnlyList<WatchEvent> Events, RemediationRequest Request, long Cursor, bool Done, int Streamed);

/// <summary>
/// Follows a request's audit trail from a cursor: each entry goes to the caller at once as an MCP progress
/// notification (progress = the entry's sequence number), woken by <see cref="AuditNotifier"/> for this replica's
/// appends and by polling for other replicas'. A client that reconnects with the last cursor it saw misses nothing.
/// </summary>
internal sealed class WatchStream(IAuditTrail trail, AuditNotifier notifier, RemediationStore store, RolloutObserver rollout, IOptions<EventStreamOptions> options,
    TimeProvider time)
{
    /// <summary>At most this many events are returned in the result; every one is still streamed.</summary>
    public const int MaxReturned = 200;

    /// <summary>How often a running rollout is looked at (the audit trail is woken by appends anyway).</summary>
    private static readonly TimeSpan RolloutInterval = TimeSpan.FromMilliseconds(50);

    public async Task<WatchResult> FollowAsync(string remediationId, long cursor, TimeSpan wait, Func<RemediationRequest, bool> done,
        ProgressSink? progress, CancellationToken ct, Func<long, bool>? stopWhen = null)
    {
        var events = new List<WatchEvent>();
        var deadline = time.GetUtcNow() + wait;
        var streamed = 0;
        var finishing = false;
        string? lastRollout = null;
        var rolloutSeen = false;
        var rolloutDone = false;
        while (true)
        {
            // Take the wake-up before reading, so an append between the read and the wait is not slept through.
            var appended = notifier.NextAppend;
            var entries = await trail.ReadAsync(remediationId, cursor, 500, ct);
            foreach (var entry in entries)
            {
                var e = WatchEvent.From(entry);
                cursor = entry.Seq;
                await ReportAsync(e);
            }

            if (entries.Count == 500)
            {
                continue;
            }

            var rr = await store.GetAsync(remediationId, ct) ?? throw new McpException($"no RemediationRequest named {remediationId}");
            var watchingRollout = !rolloutDone && RolloutObserver.Applies(rr);
            // Only a rollout the fix started is reported, from its first step to all replicas ready on the new template.
            if (watchingRollout && await rollout.ReadAsync(rr, ct) is { } seen)
            {
                rolloutSeen |= seen.Rolling;
                if (rolloutSeen && seen.Text != lastRollout)
                {
                    lastRollout = seen.Text;
                    await ReportAsync(new WatchEvent(cursor, time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture), remediationId, "rollout",
                        rr.Phase, "kubernaut-hub", seen.Text));
                }

                if (rolloutSeen && seen.Complete)
                {
                    rolloutDone = true;
                    watchingRollout = false;
                }
            }
            if (finishing || stopWhen?.Invoke(cursor) == true)
            {
                return new WatchResult(events, rr, cursor, true, streamed);
            }

            if (done(rr))
            {
                // One more read: entries written together with the final status change are part of the story.
                finishing = true;
                continue;
            }

            if (time.GetUtcNow() >= deadline)
            {
                return new WatchResult(events, rr, cursor, false, streamed);
            }

            var remaining = deadline - time.GetUtcNow();
            var interval = watchingRollout ? RolloutInterval : options.Value.PollInterval;
            var nap = remaining < interval ? remaining : interval;
            await Task.WhenAny(appended, Task.Delay(nap > TimeSpan.Zero ? nap : TimeSpan.Zero, time, ct));
            ct.ThrowIfCancellationRequested();
        }

        async Task ReportAsync(WatchEvent e)
        {
            events.Add(e);
            if (events.Count > MaxReturned)
            {
                events.RemoveAt(0);
            }

            streamed++;
            if (progress is not null)
            {
                await progress.ReportAsync(e.Line, ct);
            }
        }
    }
}
