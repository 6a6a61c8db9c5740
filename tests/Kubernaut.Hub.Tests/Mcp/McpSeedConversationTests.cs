using System.Text.Json;
using System.Text.RegularExpressions;
using ModelContextProtocol;

namespace Kubernaut.Hub.Tests.Mcp;

/// <summary>
/// The seed's first conversation through a real MCP client against a hub with every stage real: an alert opens the
/// checkout-service request on its own; the operator asks what's going on (found, not duplicated), joins mid-flight
/// (catch-up, then live findings), gets the two options as structured data, says "Go with rollback-config", and
/// watches the rollout and the verification to resolved.
/// </summary>
[Collection(McpCollection.Name)]
public sealed partial class McpSeedConversationTests(McpFleet fleet)
{
    [Fact]
    public async Task SeedConversation_AlertOpensRequest_ClientJoinsDecidesAndWatchesToResolved()
    {
        await using var hub = await fleet.StartRealHubAsync();
        await using var client = await fleet.McpClientAsync(hub, "demo-operator");
        var scenario = await fleet.StartScenarioAsync("oom-after-config-change");
        await fleet.WaitScenarioActiveAsync(scenario);
        await fleet.PassAsync(TimeSpan.FromMinutes(8));

        // Alertmanager's webhook opens the request; nobody is watching yet.
        var alerted = await fleet.AlertAsync(hub, "KubePodCrashLooping", "prod", "deployment", "checkout-service");

        // "What's going on?" finds that request and joins it: history at once, with the cursor to follow from.
        var catchUp = new Notes();
        var joined = await McpClients.CallAsync(client, "kubernaut_start_investigation", new()
        {
            ["text"] = "What's going on with checkout-service in prod-us-east? I see alerts firing.",
        }, catchUp);
        Assert.Equal(alerted, joined.GetProperty("rr_id").GetString());
        Assert.Equal("joined", joined.GetProperty("status").GetString());
        Assert.StartsWith("There's already an investigation running on checkout-service", joined.GetProperty("message").GetString());
        var cursor = joined.GetProperty("cursor").GetInt64();
        Assert.True(cursor > 0);
        Assert.Equal(joined.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()), catchUp.Seqs);
        Assert.Equal(cursor, catchUp.Seqs[^1]);
        var list = await McpClients.CallAsync(client, "kubernaut_list_remediations", new() { ["cluster"] = "prod-us-east", ["name"] = "checkout-service" });
        Assert.Equal(1, list.GetProperty("count").GetInt32());

        // Live from the cursor until a decision is awaited: the findings, then the options.
        var live = new Notes();
        var untilDecision = await McpClients.CallAsync(client, "kubernaut_watch", new()
        {
            ["rr_id"] = alerted,
            ["cursor"] = cursor,
            ["until_phase"] = "AwaitingApproval",
            ["timeout_seconds"] = 240,
        }, live);
        Assert.True(untilDecision.GetProperty("done").GetBoolean(), untilDecision.ToString());
        Assert.Equal("AwaitingApproval", untilDecision.GetProperty("status").GetString());
        var seen = catchUp.Seqs.Concat(live.Seqs).ToList();
        Assert.Equal(seen.Distinct().Count(), seen.Count);

        var decision = await McpClients.CallAsync(client, "kubernaut_present_decision", new() { ["rr_id"] = alerted });
        var options = decision.GetProperty("options").EnumerateArray().ToDictionary(o => o.GetProperty("workflow_id").GetString()!);
        Assert.Contains("config reload", decision.GetProperty("root_cause").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.True(options.ContainsKey("rollback-config") && options.ContainsKey("restart-and-patch-memory"), decision.ToString());
        foreach (var option in options.Values)
        {
            Assert.False(string.IsNullOrEmpty(option.GetProperty("description").GetString()));
            Assert.Contains(option.GetProperty("risk").GetString(), new[] { "low", "medium", "high" });
            Assert.InRange(option.GetProperty("confidence").GetDouble(), 0.01, 1);
            Assert.Equal(JsonValueKind.Object, option.GetProperty("parameters").ValueKind);
        }

        Assert.EndsWith("Mi", options["restart-and-patch-memory"].GetProperty("parameters").GetProperty("memory_limit").GetString());
        Assert.True(options["rollback-config"].GetProperty("parameters").TryGetProperty("revision", out _));

        var session = joined.GetProperty("session_id").GetString();
        var whyNot = await McpClients.CallAsync(client, "kubernaut_start_investigation", new() { ["text"] = "Why not just raise the memory?", ["session_id"] = session });
        Assert.Equal("answer", whyNot.GetProperty("status").GetString());
        Assert.Contains("restart-and-patch-memory", whyNot.GetProperty("message").GetString());
        Assert.Contains("root cause", whyNot.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);

        var chose = await McpClients.CallAsync(client, "kubernaut_start_investigation", new()
        {
            ["text"] = "Go with rollback-config — the cache change wasn't approved.",
            ["session_id"] = session,
        });
        Assert.Equal("selected", chose.GetProperty("status").GetString());
        Assert.Equal("rollback-config", chose.GetProperty("selected").GetString());
        var audit = await McpClients.CallAsync(client, "kubernaut_get_audit_trail", new() { ["rr_id"] = alerted, ["event_type"] = "decision" });
        var recorded = audit.GetProperty("events")[0];
        Assert.Equal("service-account-demo-operator", recorded.GetProperty("actor").GetString());
        Assert.Contains("the cache change wasn't approved", recorded.GetProperty("message").GetString());

        // The rollout, then verification: watched live to the end, the alert resolving once the pods are healthy.
        var run = new Notes();
        var afterRun = await McpClients.CallAsync(client, "kubernaut_watch", new()
        {
            ["rr_id"] = alerted,
            ["cursor"] = untilDecision.GetProperty("cursor").GetInt64(),
            ["until_phase"] = "Verifying",
            ["timeout_seconds"] = 300,
        }, run);
        Assert.True(afterRun.GetProperty("status").GetString() == "Verifying", string.Join("\n", run.Lines));
        await fleet.WaitScenarioRecoveredAsync(scenario);
        await fleet.ResolveAlertAsync(hub, "KubePodCrashLooping", "prod", "deployment", "checkout-service");
        var end = await McpClients.CallAsync(client, "kubernaut_watch", new()
        {
            ["rr_id"] = alerted,
            ["cursor"] = afterRun.GetProperty("cursor").GetInt64(),
            ["timeout_seconds"] = 300,
        }, run);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join("\n", run.Lines));
        Assert.Equal("Completed", end.GetProperty("status").GetString());
        var rollout = run.Lines.Where(l => l.StartsWith("rollout:", StringComparison.Ordinal) || l.Contains(" rollout", StringComparison.Ordinal)).ToList();
        Assert.Contains(rollout, l => l.Contains("checkout-service 3/3 ready", StringComparison.Ordinal));
        var final = await McpClients.CallAsync(client, "kubernaut_get_remediation", new() { ["rr_id"] = "kubernaut-system/" + alerted });
        Assert.True(final.GetProperty("detail").GetProperty("verification").GetProperty("passed").GetBoolean(), final.ToString());
        Assert.Equal("rollback-config", final.GetProperty("detail").GetProperty("decision").GetProperty("workflow").GetString());
    }

    /// <summary>Progress notifications as a client receives them: each message is "#seq kind: text" (or a rollout line).</summary>
    internal sealed partial class Notes : IProgress<ProgressNotificationValue>
    {
        private readonly List<string> _lines = [];

        public List<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        /// <summary>The audit sequence numbers received, in order (the client may hand notifications over in any order; each carries its number).</summary>
        public List<long> Seqs => [.. Lines.Select(l => Seq().Match(l)).Where(m => m.Success && !m.Groups["kind"].Value.Equals("rollout", StringComparison.Ordinal))
            .Select(m => long.Parse(m.Groups["seq"].Value, System.Globalization.CultureInfo.InvariantCulture)).Order()];

        public void Report(ProgressNotificationValue value)
        {
            lock (_lines)
            {
                _lines.Add(value.Message ?? "");
            }
        }

        [GeneratedRegex(@"^#(?<seq>\d+) (?<kind>[a-z-]+)")]
        private static partial Regex Seq();
    }
}

[CollectionDefinition(Name)]
public sealed class McpCollection : ICollectionFixture<McpFleet>
{
    public const string Name = "mcp-fleet";
}
