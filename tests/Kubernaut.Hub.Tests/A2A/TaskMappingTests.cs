using Kubernaut.Hub.A2A;
using Kubernaut.Hub.A2A.Wire;
using Kubernaut.Hub.Remediation;

namespace Kubernaut.Hub.Tests.A2A;

public sealed class TaskMappingTests
{
    [Theory]
    [InlineData("Pending", false, "submitted")]
    [InlineData("Investigating", false, "working")]
    [InlineData("AwaitingDecision", false, "working")]
    [InlineData("AwaitingApproval", false, "input-required")]
    [InlineData("AwaitingApproval", true, "working")]
    [InlineData("Blocked", true, "working")]
    [InlineData("Executing", true, "working")]
    [InlineData("Verifying", true, "working")]
    [InlineData("Completed", true, "completed")]
    [InlineData("Observed", false, "completed")]
    [InlineData("Failed", true, "failed")]
    [InlineData("Cancelled", true, "canceled")]
    [InlineData("Skipped", false, "rejected")]
    [InlineData("Mystery", false, "unknown")]
    public void FromPhase_EachPhase_A2AState(string phase, bool decided, string state) =>
        Assert.Equal(state, TaskStateMapping.FromPhase(phase, decided));

    [Fact]
    public void Snapshot_AwaitingApproval_HistoryPerEntryFindingsAndOptionsAsData()
    {
        var entries = new[]
        {
            A2ASamples.Signal(1, "The payment processing in prod-eu-west feels sluggish since this morning."),
            A2ASamples.Transition(2, "Pending", "Investigating"),
            A2ASamples.Finding(3, "Looking at the metrics… p99 latency jumped from 120ms to 2.4s right at 07:58 UTC."),
            A2ASamples.Finding(4, "get_pods(prod)", "tool-call"),
            A2ASamples.Finding(5, "There it is — payment-db only has 1 of 3 endpoints ready."),
            A2ASamples.Transition(6, "Investigating", "AwaitingDecision"),
            A2ASamples.Transition(7, "AwaitingDecision", "AwaitingApproval"),
        };
        var task = TaskProjection.Snapshot("task-1", A2ASamples.View(RemediationPhase.AwaitingApproval, withOptions: true), entries);

        Assert.Equal(("task-1", A2ASamples.Rr, "input-required"), (task.Id, task.ContextId, task.Status.State));
        Assert.Equal(entries.Select(e => $"audit-{e.Seq}"), task.History!.Select(m => m.MessageId));
        Assert.Equal("user", task.History![0].Role);
        Assert.Equal("The payment processing in prod-eu-west feels sluggish since this morning.", task.History[0].Text);
        Assert.All(task.History.Skip(1), m => Assert.Equal("agent", m.Role));

        var findings = Assert.Single(task.Artifacts!, a => a.ArtifactId == TaskProjection.FindingsArtifact);
        Assert.Equal(["Looking at the metrics… p99 latency jumped from 120ms to 2.4s right at 07:58 UTC.", "There it is — payment-db only has 1 of 3 endpoints ready."],
            findings.Parts.Cast<TextPart>().Select(p => p.Text));
        var options = Assert.Single(task.Artifacts!, a => a.ArtifactId == TaskProjection.OptionsArtifact);
        var data = options.Parts.OfType<DataPart>().Single().Data;
        var first = data["options"]![0]!;
        Assert.Equal("scale-statefulset", first["workflow"]!.GetValue<string>());
        Assert.Equal("Restore payment-db to 3 replicas on available nodes", first["description"]!.GetValue<string>());
        Assert.Equal("low", first["risk"]!.GetValue<string>());
        Assert.Equal(0.93, first["confidence"]!.GetValue<double>());
        Assert.Equal("3", first["parameters"]!["replicas"]!.GetValue<string>());
        Assert.Equal("medium", data["options"]![1]!["risk"]!.GetValue<string>());

        var choice = task.Status.Message!;
        Assert.Contains("scale-statefulset · Confidence: 93% · Risk: low · Restore payment-db to 3 replicas on available nodes", choice.Text);
        Assert.Contains(choice.Parts, p => p is DataPart d && d.Data["options"]!.AsArray().Count == 2);
    }

    [Fact]
    public void Snapshot_HistoryLength_KeepsTheLastTurns()
    {
        var entries = Enumerable.Range(1, 6).Select(i => A2ASamples.Finding(i, $"step {i}")).ToList();
        var task = TaskProjection.Snapshot("t", A2ASamples.View(RemediationPhase.Investigating), entries, historyLength: 2);
        Assert.Equal(["audit-5", "audit-6"], task.History!.Select(m => m.MessageId));
        Assert.Equal(6, task.Artifacts!.Single().Parts.Count);
        Assert.Equal("working", task.Status.State);
        Assert.Empty(TaskProjection.Snapshot("t", A2ASamples.View(RemediationPhase.Investigating), entries, historyLength: 0).History!);
    }

    [Fact]
    public void MessageOf_Decision_UserTurnNamingWorkflowAndWho()
    {
        var message = TaskProjection.MessageOf("t", A2ASamples.Rr, A2ASamples.Decision(9, "scale-statefulset"));
        Assert.Equal("user", message.Role);
        Assert.Equal("approve scale-statefulset (demo-operator via a2a): go with scale-statefulset", message.Text);
        Assert.Equal(9, message.Metadata!["auditSeq"]!.GetValue<long>());
    }
}
