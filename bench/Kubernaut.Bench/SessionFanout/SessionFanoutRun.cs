using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Kubernaut.Bench.Measurement;
using Kubernaut.Hub.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace Kubernaut.Bench.SessionFanout;

/// <summary>
/// A hub on the simulated fleet with one RemediationRequest whose investigation has already written
/// <see cref="SessionFanoutOptions.History"/> transcript events. Measures (1) joining mid-flight: a client connects to
/// the request's event stream and has the whole history, repeated <see cref="SessionFanoutOptions.Joins"/> times; (2)
/// fan-out: <see cref="SessionFanoutOptions.Watchers"/> clients follow the stream while events are appended, timing
/// each event from its append to its arrival at every watcher.
/// </summary>
internal static class SessionFanoutRun
{
    public static async Task<ResultTable> RunAsync(SessionFanoutOptions o, TextWriter progress, CancellationToken ct)
    {
        await using var hub = await BenchHub.StartAsync(["--Events:PollInterval", "00:00:01"], ct);
        var id = await hub.OpenRemediationAsync(ct);
        var trail = hub.Services.GetRequiredService<IAuditTrail>();
        long last = 0;
        for (var i = 0; i < o.History; i++)
        {
            last = (await AppendFindingAsync(trail, id, i, ct)).Seq;
        }

        var known = (await trail.ReadAsync(id, 0, int.MaxValue, ct)).Count;
        progress.WriteLine($"session-fanout: {id} has {known} events; timing {o.Joins} joins");
        var joins = new List<TimeSpan>();
        for (var i = 0; i < o.Joins; i++)
        {
            var clock = Stopwatch.StartNew();
            var count = 0;
            await EventStreamClient.ReadIdsAsync(hub.Http, $"api/v1/remediations/{id}/events?follow=false", _ => ++count == known, ct);
            joins.Add(clock.Elapsed);
        }

        progress.WriteLine($"session-fanout: {o.Watchers} watchers following, appending {o.Events} events");
        var appendedAt = new ConcurrentDictionary<long, long>();
        var finalSeq = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = Enumerable.Range(0, o.Watchers).Select(_ => new List<(long Seq, long At)>()).ToList();
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var connected = 0;
        var watchers = received.Select(seen => Task.Run(() =>
        {
            Interlocked.Increment(ref connected);
            return EventStreamClient.ReadIdsAsync(hub.Http, $"api/v1/remediations/{id}/events?lastEventId={last}", seq =>
            {
                seen.Add((seq, Stopwatch.GetTimestamp()));
                return finalSeq.Task.IsCompleted && seq >= finalSeq.Task.Result;
            }, watching.Token);
        }, ct)).ToList();
        while (Volatile.Read(ref connected) < o.Watchers)
        {
            await Task.Delay(10, ct);
        }

        var fanout = Stopwatch.StartNew();
        long lastSeq = 0;
        for (var i = 0; i < o.Events; i++)
        {
            var started = Stopwatch.GetTimestamp();
            lastSeq = (await AppendFindingAsync(trail, id, o.History + i, ct)).Seq;
            appendedAt[lastSeq] = started;
        }

        var appendRate = o.Events / fanout.Elapsed.TotalSeconds;
        finalSeq.SetResult(lastSeq);
        // A watcher that already saw the final event before it was known to be final wakes on the next keep-alive or event.
        await trail.AppendAsync(new AuditRecord(AuditKinds.Transcript, id, "investigator", "bench", "end of the benchmark's events"), ct);
        watching.CancelAfter(TimeSpan.FromMinutes(2));
        await Task.WhenAll(watchers);
        var elapsed = fanout.Elapsed;
        var deliveries = received.SelectMany(r => r).Where(r => appendedAt.ContainsKey(r.Seq)).ToList();
        var latencies = new Percentiles(deliveries.Select(d => Stopwatch.GetElapsedTime(appendedAt[d.Seq], d.At)));
        var catchUp = new Percentiles(joins);

        var table = new ResultTable("session-fanout: joining a RemediationRequest mid-flight and following it live (REST SSE)");
        table.Add("catch-up on join (history → client)", $"{catchUp.Summary}; {known} events each");
        table.Add("live events appended", $"{o.Events} at {appendRate:0}/s (audit writes, SQLite)");
        table.Add("events delivered to watchers", $"{deliveries.Count} of {(long)o.Events * o.Watchers} ({o.Watchers} watchers)");
        table.Add("fan-out throughput", $"{deliveries.Count / elapsed.TotalSeconds:0} events/s delivered");
        table.Add("append → watcher latency", latencies.Summary);
        return table;
    }

    private static Task<AuditEntry> AppendFindingAsync(IAuditTrail trail, string id, int n, CancellationToken ct) =>
        trail.AppendAsync(new AuditRecord(AuditKinds.Transcript, id, "investigator", "bench", "finding",
            JsonSerializer.Serialize(new { type = "narration", text = $"Finding {n}: 14 OOMKilled events in the last 30 minutes on checkout-service." })), ct);
}
