using System.Text.Json;
using k8s;
using Kubernaut.Hub.Tests.Investigation;
using Kubernaut.Hub.Tests.Support;

namespace Kubernaut.Hub.Tests.A2A;

/// <summary>
/// The seed's second conversation through A2A against the real hub: the operator's sentence over
/// <c>message/stream</c>, the findings as they are found, the options as data, a reconnect and a hub restart that lose
/// nothing, "Go with scale-statefulset." as a follow-up, and the task completing once payment-db is back to 3/3.
/// </summary>
public sealed partial class A2AStoryTests(A2AFleet fleet) : IClassFixture<A2AFleet>
{
    private const string Sentence = "The payment processing in prod-eu-west feels sluggish since this morning. Customers are complaining about timeouts at checkout.";

    [Fact]
    public async Task MessageStream_SeedSecondConversation_FindingsOptionsApprovalAndRecovery()
    {
        var scenario = await fleet.BreakPaymentDbAsync();
        var operatorToken = await fleet.TokenAsync("demo-operator");
        var viewerToken = await fleet.TokenAsync("demo-viewer");
        using var http = Client(fleet.A2AHub);
        var a2a = new A2AClient(http);

        // The sentence alone starts the task; the stream ends when the hub needs the operator's choice.
        var stream = await a2a.StreamAsync("message/stream", new { message = A2AClient.UserMessage(Sentence) }, operatorToken);
        var task = stream[0];
        Assert.Equal("task", task.Kind);
        var taskId = task.Result.GetProperty("id").GetString()!;
        var rrId = task.Result.GetProperty("contextId").GetString()!;
        Assert.StartsWith("rr-", rrId, StringComparison.Ordinal);
        Assert.Contains("payment-gateway", task.Result.GetProperty("status").GetProperty("message").GetProperty("parts")[0].GetProperty("text").GetString());

        var final = stream[^1];
        Assert.True(final.Final && final.State == "input-required", final.Response.ToString());
        Assert.Single(stream, e => e.Final);
        Assert.DoesNotContain(stream.SkipWhile(e => e.State != "working"), e => e.State == "submitted");
        var live = string.Join("\n", stream.Where(e => e.Kind == "artifact-update" && e.Result.GetProperty("artifact").GetProperty("artifactId").GetString() == "findings")
            .SelectMany(e => e.Result.GetProperty("artifact").GetProperty("parts").EnumerateArray()).Select(p => p.GetProperty("text").GetString()));
        var findings = string.Join("\n", FindingsOf(task.Result)) + "\n" + live;
        TestContext.Current.TestOutputHelper?.WriteLine(findings);
        Assert.Contains("p99 latency jumped from 120ms to 2.4s", findings);
        Assert.Contains("\"connection pool exhausted, waiting for available connection\"", findings);
        Assert.Contains("payment-db only has 1 of 3 endpoints ready", findings);
        // The conclusion comes last in the investigation, so it arrived live, after the task was handed out.
        Assert.Contains("So the root cause is the lost payment-db replicas", live);

        var optionsEvent = stream.FindIndex(e => e.Kind == "artifact-update" && e.Result.GetProperty("artifact").GetProperty("artifactId").GetString() == "workflow-options");
        Assert.InRange(optionsEvent, 1, stream.Count - 2);
        var options = final.Result.GetProperty("status").GetProperty("message").GetProperty("parts").EnumerateArray()
            .Single(p => p.GetProperty("kind").GetString() == "data").GetProperty("data").GetProperty("options").EnumerateArray().ToList();
        Assert.Equal("scale-statefulset", options[0].GetProperty("workflow").GetString());
        Assert.Equal("3", options[0].GetProperty("parameters").GetProperty("replicas").GetString());
        Assert.Equal("low", options[0].GetProperty("risk").GetString());
        Assert.True(options[0].GetProperty("confidence").GetDouble() > 0.5);
        Assert.Contains(options, o => o.GetProperty("workflow").GetString() == "rollback-node-drain" && o.GetProperty("risk").GetString() == "medium");

        await ReconnectLosesNothingAsync(a2a, stream, taskId, viewerToken);
        var before = await a2a.CallAsync("tasks/get", new { id = taskId }, viewerToken);
        AssertTask(before.Body, "input-required");
        var seenIds = stream.SelectMany(e => e.MessageIds).Where(id => id.StartsWith("audit-", StringComparison.Ordinal)).ToHashSet();
        Assert.Superset(seenIds, HistoryIds(before.Body).ToHashSet());

        // A restarted hub finds the task through the InvestigationSession CR and tells the same story.
        var restarted = await fleet.RestartHubAsync();
        using var http2 = Client(restarted);
        a2a = new A2AClient(http2);
        var after = await a2a.CallAsync("tasks/get", new { id = taskId }, viewerToken);
        AssertTask(after.Body, "input-required");
        Assert.Equal(rrId, after.Body.GetProperty("result").GetProperty("contextId").GetString());
        Assert.Equal(HistoryIds(before.Body), HistoryIds(after.Body));

        // "Go with scale-statefulset." continues the task: approved, executed, verified. The client drops the stream
        // while the workflow runs and resumes it with Last-Event-ID.
        var beforeDrop = await a2a.StreamAsync("message/stream", new { message = A2AClient.UserMessage("Go with scale-statefulset.", taskId) }, operatorToken, stopAfter: 4);
        var resumeAt = beforeDrop.FindLastIndex(e => e.Id is not null);
        Assert.False(beforeDrop[resumeAt].Final, "the stream should still be live when the client drops it");
        var afterDrop = await a2a.StreamAsync("tasks/resubscribe", new { id = taskId }, viewerToken, lastEventId: beforeDrop[resumeAt].Id);
        List<A2AStreamEvent> followUp = [.. beforeDrop.Take(resumeAt + 1), .. afterDrop];
        Assert.Equal("task", followUp[0].Kind);
        Assert.Equal(taskId, followUp[0].Result.GetProperty("id").GetString());
        Assert.Contains("Going with scale-statefulset", followUp[0].Result.GetProperty("status").GetProperty("message").GetProperty("parts")[0].GetProperty("text").GetString());
        Assert.Contains(followUp, e => e.Kind == "status-update" && MessageOf(e) is { } m && m.GetProperty("role").GetString() == "user"
            && Text(m).StartsWith("approve scale-statefulset (service-account-demo-operator via a2a)", StringComparison.Ordinal));
        Assert.Contains(followUp, e => e.Kind == "status-update" && Text(MessageOf(e)!.Value).StartsWith("Executing:", StringComparison.Ordinal));
        Assert.Contains(followUp, e => e.Kind == "status-update" && Text(MessageOf(e)!.Value).StartsWith("Verifying:", StringComparison.Ordinal));
        var done = followUp[^1];
        Assert.True(done.Final && done.State == "completed", done.Response.ToString());
        Assert.All(followUp.Where(e => e.Kind == "status-update").SkipLast(1), e => Assert.Equal("working", e.State));

        var db = await fleet.Client(fleet.Cluster).AppsV1.ReadNamespacedStatefulSetAsync("payment-db", "prod", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(3, db.Spec.Replicas);
        await Eventually.TrueAsync(async () => await ScenarioStateAsync(scenario) == "recovered", "payment-db never recovered", TimeSpan.FromSeconds(90));
        var completed = await a2a.CallAsync("tasks/get", new { id = taskId, historyLength = 5 }, viewerToken);
        AssertTask(completed.Body, "completed");
        Assert.Equal(5, completed.Body.GetProperty("result").GetProperty("history").GetArrayLength());

        // The follow-up is in the task's history as the user's turn, with the hub's answer.
        var story = await a2a.CallAsync("tasks/get", new { id = taskId }, viewerToken);
        var asked = Assert.Single(story.Body.GetProperty("result").GetProperty("history").EnumerateArray(),
            m => m.GetProperty("metadata").GetProperty("auditKind").GetString() == "turn" && Text(m) == "Go with scale-statefulset.");
        Assert.Equal("user", asked.GetProperty("role").GetString());
        Assert.StartsWith("Going with scale-statefulset", asked.GetProperty("metadata").GetProperty("answer").GetString(), StringComparison.Ordinal);

        // Across the drop, every entry from the follow-up to the end arrived exactly once, in order.
        static long Seq(string id) => long.Parse(id["audit-".Length..], System.Globalization.CultureInfo.InvariantCulture);
        var streamed = followUp.Where(e => e.Kind == "status-update").SelectMany(e => e.MessageIds).Where(id => id.StartsWith("audit-", StringComparison.Ordinal)).ToList();
        var (from, to) = (followUp[0].Id!.Value, Seq(streamed[^1]));
        var whole = await a2a.CallAsync("tasks/get", new { id = taskId }, viewerToken);
        Assert.Equal(HistoryIds(whole.Body).Where(id => Seq(id) > from && Seq(id) <= to), streamed);

        // Finished tasks take no more turns and cannot be canceled.
        var late = await a2a.CallAsync("message/send", new { message = A2AClient.UserMessage("Go with rollback-node-drain.", taskId) }, operatorToken);
        Assert.Equal(-32602, late.Body.GetProperty("error").GetProperty("code").GetInt32());
        var cancel = await a2a.CallAsync("tasks/cancel", new { id = taskId }, operatorToken);
        Assert.Equal(-32002, cancel.Body.GetProperty("error").GetProperty("code").GetInt32());
    }

    /// <summary>
    /// A client that dropped the stream resumes with <c>tasks/resubscribe</c> and <c>Last-Event-ID</c>: it gets exactly
    /// the events after that one, identical to the ones it missed. Without the header it gets the whole task again.
    /// </summary>
    private static async Task ReconnectLosesNothingAsync(A2AClient a2a, List<A2AStreamEvent> original, string taskId, string viewerToken)
    {
        var resumable = original.Select((e, i) => (e, i)).Where(x => x.e.Id is not null).ToList();
        var (cut, index) = resumable[resumable.Count / 2];
        var resumed = await a2a.StreamAsync("tasks/resubscribe", new { id = taskId }, viewerToken, lastEventId: cut.Id);
        Assert.Equal(original.Skip(index + 1).Select(e => e.Result.GetRawText()), resumed.Select(e => e.Result.GetRawText()));

        var again = await a2a.StreamAsync("tasks/resubscribe", new { id = taskId }, viewerToken);
        Assert.Equal(["task", "status-update"], again.Select(e => e.Kind));
        Assert.True(again[^1].Final && again[^1].State == "input-required");
        var everything = original.SelectMany(e => e.MessageIds).Where(id => id.StartsWith("audit-", StringComparison.Ordinal)).ToHashSet();
        Assert.Subset(again[0].MessageIds.ToHashSet(), everything);
    }

    private async Task<string> ScenarioStateAsync(string id) =>
        JsonDocument.Parse(await fleet.Http.GetStringAsync(new Uri(fleet.FleetAddress, $"sim/v1/scenarios/{id}"))).RootElement.GetProperty("state").GetString()!;

    internal static HttpClient Client(HubInstance hub) => new() { BaseAddress = hub.Http.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };

    internal static void AssertTask(JsonElement body, string state)
    {
        Assert.True(body.TryGetProperty("result", out var task), body.ToString());
        Assert.Equal("task", task.GetProperty("kind").GetString());
        Assert.Equal(state, task.GetProperty("status").GetProperty("state").GetString());
    }

    private static List<string> HistoryIds(JsonElement body) =>
        [.. body.GetProperty("result").GetProperty("history").EnumerateArray().Select(m => m.GetProperty("messageId").GetString()!)];

    private static IEnumerable<string> FindingsOf(JsonElement task) =>
        task.TryGetProperty("artifacts", out var artifacts)
            ? artifacts.EnumerateArray().Where(a => a.GetProperty("artifactId").GetString() == "findings")
                .SelectMany(a => a.GetProperty("parts").EnumerateArray()).Select(p => p.GetProperty("text").GetString()!)
            : [];

    private static JsonElement? MessageOf(A2AStreamEvent e) =>
        e.Result.GetProperty("status").TryGetProperty("message", out var m) ? m : null;

    private static string Text(JsonElement message) =>
        string.Join("\n", message.GetProperty("parts").EnumerateArray().Where(p => p.GetProperty("kind").GetString() == "text").Select(p => p.GetProperty("text").GetString()));
}
