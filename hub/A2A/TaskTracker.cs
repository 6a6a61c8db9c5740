using System.Text.Json;
using System.Text.Json.Nodes;
using Kubernaut.Hub.A2A.Wire;
using Kubernaut.Hub.Audit;
using Kubernaut.Hub.Remediation;

namespace Kubernaut.Hub.A2A;

/// <summary>An event for a stream, and the audit sequence number a reconnecting client resumes after (on the last event of an entry only).</summary>
internal sealed record TaskStreamEvent(object Event, long? ResumeAfter, bool Final);

/// <summary>
/// Follows one task through its request's audit entries as they arrive and turns each into A2A stream events:
/// a status update carrying the entry's message (state from the phase), a findings artifact chunk for each finding,
/// the workflow options when a choice is awaited, and <c>final</c> once the task needs input or has ended.
/// </summary>
internal sealed class TaskTracker(string taskId, string remediationId, string phase, bool decided, bool findingsStarted)
{
    private string _phase = phase;
    private bool _decided = decided;
    private bool _findingsStarted = findingsStarted;

    public string TaskId { get; } = taskId;

    public string ContextId { get; } = remediationId;

    public string State => TaskStateMapping.FromPhase(_phase, _decided);

    public bool Finished { get; private set; }

    /// <summary>A tracker that has seen <paramref name="seen"/> (the request's entries up to where a stream starts or resumes).</summary>
    public static TaskTracker After(string taskId, string remediationId, IEnumerable<AuditEntry> seen)
    {
        var tracker = new TaskTracker(taskId, remediationId, RemediationPhase.Pending, decided: false, findingsStarted: false);
        foreach (var entry in seen)
        {
            tracker.Advance(entry);
            tracker._findingsStarted |= TaskProjection.FindingOf(entry) is not null;
        }

        return tracker;
    }

    /// <summary>
    /// The events for one entry. <paramref name="current"/> reads the request as it is now; it is asked only when the
    /// entry puts a choice before the caller (the options live on the request, not in the entry).
    /// </summary>
    public async Task<IReadOnlyList<TaskStreamEvent>> ApplyAsync(AuditEntry entry, Func<Task<RemediationView?>> current)
    {
        if (Finished)
        {
            return [];
        }

        var events = new List<object>();
        if (TaskProjection.FindingOf(entry) is { } finding)
        {
            events.Add(new TaskArtifactUpdateEvent(TaskId, ContextId,
                new Artifact(TaskProjection.FindingsArtifact, [finding], "findings"), Append: _findingsStarted, LastChunk: false));
            _findingsStarted = true;
        }

        Advance(entry);
        var message = TaskProjection.MessageOf(TaskId, ContextId, entry);
        var state = State;
        if (state == TaskStates.InputRequired && await current() is { } rr && TaskStateMapping.Of(rr) == TaskStates.InputRequired)
        {
            events.Add(new TaskStatusUpdateEvent(TaskId, ContextId, new A2ATaskStatus(TaskStates.Working, message, entry.At), Final: false));
            if (TaskProjection.OptionsOf(rr) is { } options)
            {
                events.Add(new TaskArtifactUpdateEvent(TaskId, ContextId, options, Append: false, LastChunk: true));
            }

            events.Add(new TaskStatusUpdateEvent(TaskId, ContextId, new A2ATaskStatus(state, TaskProjection.ChoiceMessage(TaskId, rr), entry.At), Final: true));
            Finished = true;
        }
        else
        {
            // The request may have moved past the choice already (decided meanwhile): the entries that follow say so.
            var shown = state == TaskStates.InputRequired ? TaskStates.Working : state;
            Finished = TaskStates.EndsStream(shown);
            events.Add(new TaskStatusUpdateEvent(TaskId, ContextId, new A2ATaskStatus(shown, message, entry.At), Final: Finished));
        }

        return [.. events.Select((e, i) => new TaskStreamEvent(e, i == events.Count - 1 ? entry.Seq : null, Finished && i == events.Count - 1))];
    }

    /// <summary>The closing event for a task that already needs input or has ended when a stream starts.</summary>
    public static TaskStreamEvent? ClosingFor(AgentTask task) =>
        TaskStates.EndsStream(task.Status.State)
            ? new TaskStreamEvent(new TaskStatusUpdateEvent(task.Id, task.ContextId, task.Status, Final: true), null, true)
            : null;

    private void Advance(AuditEntry entry)
    {
        // Writers append concurrently (intake's "Pending" can land after the controller's "Investigating"), so a
        // transition only ever moves the task forward through the lifecycle.
        if (entry.Kind == AuditKinds.Transition && Field(entry, "to") is { Length: > 0 } to && Rank(to) > Rank(_phase))
        {
            _phase = to;
            _decided = false;
        }
        else if (entry.Kind == AuditKinds.Decision)
        {
            _decided = true;
        }
    }

    private static int Rank(string phase) => RemediationPhase.IsTerminal(phase) ? 100 : Array.IndexOf(LifecycleOrder, phase);

    private static readonly string[] LifecycleOrder =
    [
        RemediationPhase.Pending, RemediationPhase.Investigating, RemediationPhase.AwaitingDecision, RemediationPhase.AwaitingApproval,
        RemediationPhase.Blocked, RemediationPhase.Executing, RemediationPhase.Verifying,
    ];

    private static string? Field(AuditEntry entry, string name)
    {
        try
        {
            return JsonNode.Parse(entry.Data)?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
