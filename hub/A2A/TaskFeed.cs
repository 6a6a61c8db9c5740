using System.Runtime.CompilerServices;
using Kubernaut.Hub.Audit;
using Kubernaut.Hub.Remediation;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.A2A;

/// <summary>
/// Live events of one task: its request's audit entries after a sequence number, as they are appended (woken by
/// <see cref="AuditNotifier"/> in this process, polled for other replicas' entries), until the task needs input or
/// ends. A null item means "nothing for a while" (the stream's keep-alive).
/// </summary>
internal sealed class TaskFeed(IAuditTrail trail, AuditNotifier notifier, RemediationStore store, IOptions<A2AOptions> options, TimeProvider time)
{
    private const int Page = 500;

    public async IAsyncEnumerable<TaskStreamEvent?> FollowAsync(TaskTracker tracker, long after, [EnumeratorCancellation] CancellationToken ct)
    {
        var last = after;
        var quietSince = time.GetUtcNow();
        while (!tracker.Finished)
        {
            // Take the wake-up before reading, so an append between the read and the wait is not slept through.
            var appended = notifier.NextAppend;
            var entries = await trail.ReadAsync(tracker.ContextId, last, Page, ct);
            foreach (var entry in entries)
            {
                foreach (var e in await tracker.ApplyAsync(entry, () => CurrentAsync(tracker.ContextId, ct)))
                {
                    yield return e;
                }

                last = entry.Seq;
                if (tracker.Finished)
                {
                    yield break;
                }
            }

            if (entries.Count == Page)
            {
                continue;
            }

            if (entries.Count > 0)
            {
                quietSince = time.GetUtcNow();
            }

            await Task.WhenAny(appended, Task.Delay(options.Value.PollInterval, time, ct));
            ct.ThrowIfCancellationRequested();
            if (time.GetUtcNow() - quietSince >= options.Value.KeepAlive)
            {
                quietSince = time.GetUtcNow();
                yield return null;
            }
        }
    }

    private async Task<RemediationView?> CurrentAsync(string id, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } rr ? RemediationView.From(rr) : null;
}
