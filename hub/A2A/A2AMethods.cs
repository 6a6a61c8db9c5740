using System.Globalization;
using Kubernaut.Hub.A2A.Wire;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.A2A;

/// <summary>
/// The JSON-RPC methods of A2A v0.3.0. Plain methods return their result; streaming ones write Server-Sent Events
/// (each a JSON-RPC response) and return null: first the task as it stands, then what happens, until <c>final</c>.
/// </summary>
internal sealed class A2AMethods(A2ATasks tasks, TaskFeed feed, IOptions<A2AOptions> options, TimeProvider time)
{
    public const string MessageSend = "message/send";
    public const string MessageStream = "message/stream";
    public const string TasksGet = "tasks/get";
    public const string TasksCancel = "tasks/cancel";
    public const string TasksResubscribe = "tasks/resubscribe";

    /// <summary>The roles (any of) a method needs, or null when the hub does not serve it.</summary>
    public static IReadOnlyList<string>? Needs(string method) => method switch
    {
        MessageSend or MessageStream => A2AAccess.Start,
        TasksGet or TasksResubscribe => A2AAccess.Read,
        TasksCancel => A2AAccess.Decide,
        _ => null,
    };

    public static JsonRpcError Unsupported(string method) => method switch
    {
        _ when method.StartsWith("tasks/pushNotificationConfig/", StringComparison.Ordinal) =>
            new(JsonRpcErrorCodes.PushNotificationNotSupported, "Push Notification is not supported: follow a task with message/stream or tasks/resubscribe"),
        "agent/getAuthenticatedExtendedCard" => new(JsonRpcErrorCodes.AuthenticatedExtendedCardNotConfigured, "Authenticated Extended Card is not configured"),
        _ => new(JsonRpcErrorCodes.MethodNotFound, $"Method not found: {method}"),
    };

    public async Task<object?> InvokeAsync(JsonRpcRequest request, HttpContext http, SseWriter stream, CancellationToken ct)
    {
        switch (request.Method)
        {
            case MessageSend:
                return await SendAsync(JsonRpcParser.Params<MessageSendParams>(request), http, ct);
            case MessageStream:
                await StreamAsync(request, JsonRpcParser.Params<MessageSendParams>(request), http, stream, ct);
                return null;
            case TasksGet:
                var query = JsonRpcParser.Params<TaskQueryParams>(request);
                return await tasks.GetAsync(query.Id, query.HistoryLength, ct);
            case TasksCancel:
                return await tasks.CancelAsync(JsonRpcParser.Params<TaskIdParams>(request).Id, http.User, ct);
            case TasksResubscribe:
                await ResubscribeAsync(request, JsonRpcParser.Params<TaskIdParams>(request).Id, http, stream, ct);
                return null;
            default:
                throw new JsonRpcException(Unsupported(request.Method));
        }
    }

    private async Task<object> SendAsync(MessageSendParams p, HttpContext http, CancellationToken ct)
    {
        var outcome = await tasks.SendAsync(p, http.User, ct);
        if (outcome is not TaskTurn turn)
        {
            return outcome;
        }

        var historyLength = p.Configuration?.HistoryLength;
        if (p.Configuration?.Blocking != true || TaskTracker.ClosingFor(turn.Snapshot()) is not null)
        {
            return turn.Snapshot(historyLength);
        }

        // Blocking: wait until the task needs input or ends (or the wait runs out), then answer with it as it is.
        using var wait = new CancellationTokenSource(options.Value.BlockingTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, wait.Token);
        try
        {
            await foreach (var _ in feed.FollowAsync(TaskTracker.After(turn.TaskId, turn.Remediation.Id, turn.Seen), LastSeq(turn), linked.Token))
            {
            }
        }
        catch (OperationCanceledException) when (wait.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            // Still working: the caller gets the task as it is and follows up with tasks/get.
        }

        return await tasks.GetAsync(turn.TaskId, historyLength, ct);
    }

    private async Task StreamAsync(JsonRpcRequest request, MessageSendParams p, HttpContext http, SseWriter stream, CancellationToken ct)
    {
        var outcome = await tasks.SendAsync(p, http.User, ct);
        await stream.StartAsync(ct);
        if (outcome is not TaskTurn turn)
        {
            await stream.WriteAsync(JsonRpcResponse.Result(request.Id, outcome), null, ct);
            return;
        }

        var snapshot = turn.Snapshot(p.Configuration?.HistoryLength);
        await FollowAsync(request, stream, snapshot, TaskTracker.After(turn.TaskId, turn.Remediation.Id, turn.Seen), LastSeq(turn), ct);
    }

    /// <summary>
    /// Follows a task again after a dropped stream. With <c>Last-Event-ID</c> the stream resumes right after that
    /// event (nothing missed, nothing repeated); without it, it starts with the whole task, as a new stream does.
    /// </summary>
    private async Task ResubscribeAsync(JsonRpcRequest request, string taskId, HttpContext http, SseWriter stream, CancellationToken ct)
    {
        var (_, rr, entries) = await tasks.LoadAsync(taskId, ct);
        var lastEventId = http.Request.Headers["Last-Event-ID"].ToString();
        await stream.StartAsync(ct);
        if (long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var resumeAfter))
        {
            var seen = entries.TakeWhile(e => e.Seq <= resumeAfter).ToList();
            if (seen.Count == entries.Count && TaskTracker.ClosingFor(TaskProjection.Snapshot(taskId, rr, entries)) is { } closed)
            {
                // Nothing happened since that event and the task is done or waiting: say so and end, as the original stream did.
                await stream.WriteAsync(JsonRpcResponse.Result(request.Id, closed.Event), null, ct);
                return;
            }

            var tracker = TaskTracker.After(taskId, rr.Id, seen);
            await FollowAsync(request, stream, null, tracker, resumeAfter, ct);
            return;
        }

        await FollowAsync(request, stream, TaskProjection.Snapshot(taskId, rr, entries), TaskTracker.After(taskId, rr.Id, entries),
            entries.Count > 0 ? entries[^1].Seq : 0, ct);
    }

    private async Task FollowAsync(JsonRpcRequest request, SseWriter stream, AgentTask? snapshot, TaskTracker tracker, long after, CancellationToken ct)
    {
        if (snapshot is not null)
        {
            await stream.WriteAsync(JsonRpcResponse.Result(request.Id, snapshot), after, ct);
            if (TaskTracker.ClosingFor(snapshot) is { } closing)
            {
                await stream.WriteAsync(JsonRpcResponse.Result(request.Id, closing.Event), null, ct);
                return;
            }
        }

        await foreach (var e in feed.FollowAsync(tracker, after, ct))
        {
            if (e is null)
            {
                await stream.KeepAliveAsync(ct);
                continue;
            }

            await stream.WriteAsync(JsonRpcResponse.Result(request.Id, e.Event), e.ResumeAfter, ct);
        }
    }

    private static long LastSeq(TaskTurn turn) => turn.Seen.Count > 0 ? turn.Seen[^1].Seq : 0;
}
