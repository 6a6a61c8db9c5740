using Kubernaut.Hub.A2A;
using Kubernaut.Hub.A2A.Wire;
using Kubernaut.Hub.Audit;
using Kubernaut.Hub.Remediation;

namespace Kubernaut.Hub.Tests.A2A;

public sealed class TaskTrackerTests
{
    [Fact]
    public async Task ApplyAsync_InvestigationToChoice_FindingsStreamedThenOptionsThenFinalInputRequired()
    {
        var tracker = TaskTracker.After("t", A2ASamples.Rr, [A2ASamples.Transition(1, "", "Pending")]);
        var asked = 0;
        Task<RemediationView?> Current()
        {
            asked++;
            return Task.FromResult<RemediationView?>(A2ASamples.View(RemediationPhase.AwaitingApproval, withOptions: true));
        }

        var working = await tracker.ApplyAsync(A2ASamples.Transition(2, "Pending", "Investigating"), Current);
        var first = await tracker.ApplyAsync(A2ASamples.Finding(3, "Looking at the metrics…"), Current);
        var tool = await tracker.ApplyAsync(A2ASamples.Finding(4, "get_pods(prod)", "tool-call"), Current);
        var second = await tracker.ApplyAsync(A2ASamples.Finding(5, "Checking pod health…"), Current);
        await tracker.ApplyAsync(A2ASamples.Transition(6, "Investigating", "AwaitingDecision"), Current);
        Assert.Equal(0, asked);
        var choice = await tracker.ApplyAsync(A2ASamples.Transition(7, "AwaitingDecision", "AwaitingApproval"), Current);

        var status = Assert.IsType<TaskStatusUpdateEvent>(Assert.Single(working).Event);
        Assert.Equal(("working", false, "audit-2"), (status.Status.State, status.Final, status.Status.Message!.MessageId));
        Assert.Equal([false, true], new[] { first, second }.Select(events => Assert.IsType<TaskArtifactUpdateEvent>(events[0].Event).Append!.Value));
        Assert.Equal("Checking pod health…", ((TextPart)((TaskArtifactUpdateEvent)second[0].Event).Artifact.Parts[0]).Text);
        Assert.IsType<TaskStatusUpdateEvent>(Assert.Single(tool).Event);

        // Only the last event of an entry carries its sequence number: resuming after it never skips the entry's other events.
        Assert.Equal([null, 3L], first.Select(e => e.ResumeAfter));
        Assert.Equal([null, null, 7L], choice.Select(e => e.ResumeAfter));
        var options = Assert.IsType<TaskArtifactUpdateEvent>(choice[1].Event);
        Assert.Equal(TaskProjection.OptionsArtifact, options.Artifact.ArtifactId);
        var final = Assert.IsType<TaskStatusUpdateEvent>(choice[2].Event);
        Assert.Equal(("input-required", true), (final.Status.State, final.Final));
        Assert.Contains(final.Status.Message!.Parts, p => p is DataPart d && d.Data["proposed"]!.GetValue<string>() == "scale-statefulset");
        Assert.True(tracker.Finished);
        Assert.Empty(await tracker.ApplyAsync(A2ASamples.Finding(8, "late"), Current));
    }

    [Fact]
    public async Task ApplyAsync_DecidedBeforeTheChoiceWasSeen_WorkingNotFinal()
    {
        var tracker = TaskTracker.After("t", A2ASamples.Rr, [A2ASamples.Transition(1, "", "Pending"), A2ASamples.Transition(2, "Pending", "AwaitingDecision")]);
        var events = await tracker.ApplyAsync(A2ASamples.Transition(3, "AwaitingDecision", "AwaitingApproval"),
            () => Task.FromResult<RemediationView?>(A2ASamples.View(RemediationPhase.AwaitingApproval, withOptions: true, decided: true)));
        var status = Assert.IsType<TaskStatusUpdateEvent>(Assert.Single(events).Event);
        Assert.Equal(("working", false), (status.Status.State, status.Final));
        Assert.False(tracker.Finished);
    }

    [Fact]
    public async Task ApplyAsync_FollowUpApprovalToRecovery_WorkingUntilFinalCompleted()
    {
        AuditEntry[] seen = [A2ASamples.Transition(1, "", "Pending"), A2ASamples.Transition(2, "Pending", "AwaitingApproval")];
        var tracker = TaskTracker.After("t", A2ASamples.Rr, seen);
        Assert.Equal("input-required", tracker.State);
        var never = () => Task.FromResult<RemediationView?>(null);

        var decided = await tracker.ApplyAsync(A2ASamples.Decision(3, "scale-statefulset"), never);
        var executing = await tracker.ApplyAsync(A2ASamples.Transition(4, "AwaitingApproval", "Executing"), never);
        var progress = await tracker.ApplyAsync(A2ASamples.Entry(5, AuditKinds.Stage, "execute running: 2/3 ready", new()), never);
        var verifying = await tracker.ApplyAsync(A2ASamples.Transition(6, "Executing", "Verifying"), never);
        var completed = await tracker.ApplyAsync(A2ASamples.Transition(7, "Verifying", "Completed"), never);

        string[] states = [.. new[] { decided, executing, progress, verifying, completed }.Select(e => ((TaskStatusUpdateEvent)e.Single().Event).Status.State)];
        Assert.Equal(["working", "working", "working", "working", "completed"], states);
        Assert.Equal("user", ((TaskStatusUpdateEvent)decided[0].Event).Status.Message!.Role);
        Assert.Equal("execute running: 2/3 ready", ((TaskStatusUpdateEvent)progress[0].Event).Status.Message!.Text);
        Assert.True(completed.Single().Final);
        Assert.True(((TaskStatusUpdateEvent)completed[0].Event).Final);
        Assert.True(tracker.Finished);
    }

    [Theory]
    [InlineData("Failed", "failed")]
    [InlineData("Cancelled", "canceled")]
    [InlineData("Skipped", "rejected")]
    public async Task ApplyAsync_TerminalTransition_FinalWithItsState(string phase, string state)
    {
        var tracker = TaskTracker.After("t", A2ASamples.Rr, [A2ASamples.Transition(1, "", "Investigating")]);
        var events = await tracker.ApplyAsync(A2ASamples.Transition(2, "Investigating", phase), () => Task.FromResult<RemediationView?>(null));
        var status = Assert.IsType<TaskStatusUpdateEvent>(events.Single().Event);
        Assert.Equal((state, true), (status.Status.State, status.Final));
    }

    [Fact]
    public void ClosingFor_TaskStillWorking_NoneButEndedOrWaitingTaskCloses()
    {
        Assert.Null(TaskTracker.ClosingFor(TaskProjection.Snapshot("t", A2ASamples.View(RemediationPhase.Executing, decided: true), [])));
        var closing = TaskTracker.ClosingFor(TaskProjection.Snapshot("t", A2ASamples.View(RemediationPhase.AwaitingApproval, withOptions: true), []));
        Assert.True(Assert.IsType<TaskStatusUpdateEvent>(closing!.Event).Final);
        Assert.Equal("input-required", ((TaskStatusUpdateEvent)closing.Event).Status.State);
    }

    [Fact]
    public async Task ApplyAsync_IntakeTransitionAppendedAfterTheControllers_StateNeverGoesBack()
    {
        // The intake's "" → Pending entry can land after the controller's Pending → Investigating.
        var tracker = TaskTracker.After("t", A2ASamples.Rr, [A2ASamples.Transition(1, "Pending", "Investigating"), A2ASamples.Transition(2, "", "Pending")]);
        Assert.Equal("working", tracker.State);
        var events = await tracker.ApplyAsync(A2ASamples.Transition(3, "", "Pending"), () => Task.FromResult<RemediationView?>(null));
        Assert.Equal("working", ((TaskStatusUpdateEvent)events.Single().Event).Status.State);
    }
}
