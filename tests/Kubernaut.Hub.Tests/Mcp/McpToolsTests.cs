using System.Net;
using System.Text.Json;
using ModelContextProtocol.Client;

namespace Kubernaut.Hub.Tests.Mcp;

/// <summary>The gateway's surface: exactly the 20 tools with valid schemas, each with good and bad arguments, and who may call what.</summary>
[Collection(McpCollection.Name)]
public sealed class McpToolsTests(McpFleet fleet)
{
    private static readonly string[] Viewer =
    [
        "kubernaut_list_remediations", "kubernaut_get_remediation", "kubernaut_watch", "kubernaut_list_workflows", "kubernaut_get_remediation_history",
        "kubernaut_get_effectiveness", "kubernaut_get_audit_trail", "af_check_existing_rr",
    ];

    private static readonly string[] Investigator =
    [
        "kubernaut_start_investigation", "kubernaut_poll_investigation", "kubernaut_present_decision", "af_list_events", "af_get_pods", "af_get_workloads", "af_resolve_owner",
    ];

    private const string RoleRefusal = "needs the (viewer|investigator|operator|approver) role";

    private static readonly string[] Operator = ["kubernaut_submit_signal", "af_create_rr"];

    private static readonly string[] Approver = ["kubernaut_approve", "kubernaut_cancel_remediation", "kubernaut_select_workflow"];

    [Fact]
    public async Task ToolsList_OperatorToken_ExactlyTheTwentyWithObjectSchemas()
    {
        await using var hub = await fleet.StartRealHubAsync();
        await using var client = await fleet.McpClientAsync(hub, "demo-operator");
        var tools = await client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(Viewer.Concat(Investigator).Concat(Operator).Concat(Approver).Order(), tools.Select(t => t.Name).Order());
        foreach (var tool in tools)
        {
            var input = tool.ProtocolTool.InputSchema;
            Assert.Equal("object", input.GetProperty("type").GetString());
            Assert.Equal(JsonValueKind.Object, input.GetProperty("properties").ValueKind);
            Assert.False(string.IsNullOrWhiteSpace(tool.Description), tool.Name);
            Assert.True(tool.ProtocolTool.OutputSchema is { } output && output.GetProperty("type").GetString() == "object", $"{tool.Name} has no object output schema");
        }
    }

    [Fact]
    public async Task EveryTool_GoodAndBadArguments_ResultOrClearToolError()
    {
        await using var hub = await fleet.StartRealHubAsync();
        await using var client = await fleet.McpClientAsync(hub, "demo-operator");
        var opened = await McpClients.CallAsync(client, "af_create_rr", new()
        {
            ["cluster"] = "prod-us-east",
            ["namespace"] = "prod",
            ["kind"] = "Deployment",
            ["name"] = "cart-service",
            ["description"] = "carts time out",
        });
        var id = opened.GetProperty("rr_id").GetString()!;
        Assert.True(opened.GetProperty("created").GetBoolean());
        var again = await McpClients.CallAsync(client, "af_create_rr", new()
        {
            ["cluster"] = "prod-us-east",
            ["namespace"] = "prod",
            ["kind"] = "Deployment",
            ["name"] = "cart-service",
            ["description"] = "still"
        });
        Assert.Equal(id, again.GetProperty("rr_id").GetString());
        Assert.True(again.GetProperty("already_exists").GetBoolean());

        Good(await McpClients.CallAsync(client, "kubernaut_list_remediations", new() { ["cluster"] = "prod-us-east" }), "count", c => c.GetInt32() >= 1);
        Good(await McpClients.CallAsync(client, "kubernaut_get_remediation", new() { ["rr_id"] = id }), "id", v => v.GetString() == id);
        Good(await McpClients.CallAsync(client, "kubernaut_watch", new() { ["rr_id"] = id, ["timeout_seconds"] = 0 }), "cursor", c => c.GetInt64() > 0);
        Good(await McpClients.CallAsync(client, "kubernaut_list_workflows", new()), "count", c => c.GetInt32() >= 8);
        Good(await McpClients.CallAsync(client, "kubernaut_get_remediation_history", new() { ["name"] = "cart-service" }), "count", c => c.GetInt32() >= 1);
        Good(await McpClients.CallAsync(client, "kubernaut_get_effectiveness", new() { ["workflow_id"] = "rollback-config" }), "sample_size", c => c.GetInt32() >= 0);
        Good(await McpClients.CallAsync(client, "kubernaut_get_audit_trail", new() { ["rr_id"] = id }), "count", c => c.GetInt32() >= 1);
        Good(await McpClients.CallAsync(client, "af_check_existing_rr", new() { ["cluster"] = "prod-us-east", ["namespace"] = "prod", ["kind"] = "Deployment", ["name"] = "cart-service" }),
            "rr_id", v => v.GetString() == id);
        Good(await McpClients.CallAsync(client, "kubernaut_start_investigation", new() { ["rr_id"] = id }), "session_id", v => v.GetString() == "is-" + id);
        Good(await McpClients.CallAsync(client, "kubernaut_poll_investigation", new() { ["session_id"] = "is-" + id, ["wait_seconds"] = 0 }), "rr_id", v => v.GetString() == id);
        Good(await McpClients.CallAsync(client, "kubernaut_present_decision", new() { ["rr_id"] = id }), "rr_id", v => v.GetString() == id);
        Good(await McpClients.CallAsync(client, "kubernaut_submit_signal", new() { ["text"] = "the cart service in prod-us-east is slow" }), "rr_id", v => v.GetString() == id);
        Good(await McpClients.CallAsync(client, "af_get_pods", new() { ["cluster"] = "prod-us-east", ["namespace"] = "prod", ["label_selector"] = "app=cart-service" }),
            "result", r => r.GetProperty("pods").GetArrayLength() > 0);
        Good(await McpClients.CallAsync(client, "af_get_workloads", new() { ["cluster"] = "prod-us-east", ["namespace"] = "prod" }), "result", r => r.GetProperty("workloads").GetArrayLength() > 0);
        Good(await McpClients.CallAsync(client, "af_list_events", new() { ["cluster"] = "prod-us-east", ["namespace"] = "prod" }), "tool", t => t.GetString() == "list_events");
        Good(await McpClients.CallAsync(client, "af_resolve_owner", new() { ["cluster"] = "prod-us-east", ["namespace"] = "prod", ["kind"] = "Deployment", ["name"] = "cart-service" }),
            "tool", t => t.GetString() == "resolve_owner");

        // Decisions on a request that does not await one are refused with the reason, and nothing changes. The
        // investigation may have settled on options by now: a request awaiting approval is cancelled first (the
        // cancel tool's good path), so the refusals meet a request that awaits nothing either way.
        var settled = await McpClients.SettledPhaseAsync(client, id);
        if (settled == "AwaitingApproval")
        {
            Good(await McpClients.CallAsync(client, "kubernaut_cancel_remediation", new() { ["rr_id"] = id }), "status", v => v.GetString() == "cancelled");
            await McpClients.SettledPhaseAsync(client, id, alsoPast: "AwaitingApproval");
        }

        var before = await McpClients.CallAsync(client, "kubernaut_get_remediation", new() { ["rr_id"] = id });
        Assert.Contains("decision", await McpClients.ErrorAsync(client, "kubernaut_approve", new() { ["rr_id"] = id, ["decision"] = "approve" }));
        Assert.Contains("cannot cancel", await McpClients.ErrorAsync(client, "kubernaut_cancel_remediation", new() { ["rr_id"] = id }));
        Assert.Matches("not at a decision|already decided", await McpClients.ErrorAsync(client, "kubernaut_select_workflow", new() { ["rr_id"] = id, ["workflow_id"] = "restart-deployment" }));

        // Bad arguments: a tool error naming the problem.
        Assert.Contains("no RemediationRequest named rr-nope", await McpClients.ErrorAsync(client, "kubernaut_get_remediation", new() { ["rr_id"] = "rr-nope" }));
        Assert.Contains("rr_id is required", await McpClients.ErrorAsync(client, "kubernaut_get_remediation", new()));
        Assert.Contains("not a RemediationRequest name", await McpClients.ErrorAsync(client, "kubernaut_watch", new() { ["rr_id"] = "Robert'); DROP" }));
        Assert.Contains("timeout_seconds", await McpClients.ErrorAsync(client, "kubernaut_watch", new() { ["rr_id"] = id, ["timeout_seconds"] = 9999 }));
        Assert.Contains("decision must be", await McpClients.ErrorAsync(client, "kubernaut_approve", new() { ["rr_id"] = id, ["decision"] = "maybe" }));
        Assert.Contains("since", await McpClients.ErrorAsync(client, "kubernaut_get_remediation_history", new() { ["since"] = "yesterday-ish" }));
        Assert.Contains("not in the catalog", await McpClients.ErrorAsync(client, "kubernaut_get_effectiveness", new() { ["workflow_id"] = "no-such-workflow" }));
        Assert.Contains("limit", await McpClients.ErrorAsync(client, "kubernaut_get_audit_trail", new() { ["rr_id"] = id, ["limit"] = 0 }));
        Assert.Contains("wait_seconds", await McpClients.ErrorAsync(client, "kubernaut_poll_investigation", new() { ["rr_id"] = id, ["wait_seconds"] = 60 }));
        Assert.Contains("session_id", await McpClients.ErrorAsync(client, "kubernaut_present_decision", new()));
        Assert.Contains("workflow_id", await McpClients.ErrorAsync(client, "kubernaut_select_workflow", new() { ["rr_id"] = id, ["workflow_id"] = "two words" }));
        Assert.Contains("give text", await McpClients.ErrorAsync(client, "kubernaut_start_investigation", new()));
        Assert.Contains("cannot tell which", await McpClients.ErrorAsync(client, "kubernaut_submit_signal", new() { ["text"] = "something somewhere is odd" }));
        Assert.Contains("severity", await McpClients.ErrorAsync(client, "af_create_rr", new()
        {
            ["cluster"] = "prod-us-east",
            ["namespace"] = "prod",
            ["kind"] = "Deployment",
            ["name"] = "cart-service",
            ["description"] = "x",
            ["severity"] = "apocalyptic",
        }));
        Assert.Contains("not a ManagedCluster", await McpClients.ErrorAsync(client, "af_check_existing_rr", new() { ["cluster"] = "mars", ["namespace"] = "p", ["kind"] = "Deployment", ["name"] = "x" }));
        foreach (var tool in new[] { "af_get_pods", "af_get_workloads", "af_list_events" })
        {
            Assert.Contains("not a ManagedCluster", await McpClients.ErrorAsync(client, tool, new() { ["cluster"] = "mars", ["namespace"] = "prod" }));
        }

        Assert.Contains("not a ManagedCluster", await McpClients.ErrorAsync(client, "af_resolve_owner", new() { ["cluster"] = "mars", ["namespace"] = "prod", ["kind"] = "Pod", ["name"] = "x" }));

        // Nothing lost or changed by the refusals.
        var after = await McpClients.CallAsync(client, "kubernaut_get_remediation", new() { ["rr_id"] = id });
        Assert.Equal(before.GetProperty("phase").GetString(), after.GetProperty("phase").GetString());
        Assert.Equal(Decision(before), Decision(after));
    }

    [Fact]
    public async Task AuthMatrix_ViewerOperatorNone_EachToolByItsRole()
    {
        await using var hub = await fleet.StartRealHubAsync();
        await using var viewer = await fleet.McpClientAsync(hub, "demo-viewer");
        await using var operatorClient = await fleet.McpClientAsync(hub, "demo-operator");
        foreach (var tool in Viewer)
        {
            Assert.DoesNotMatch(RoleRefusal, await OutcomeAsync(viewer, tool));
        }

        foreach (var tool in Investigator.Concat(Operator).Concat(Approver))
        {
            var refusal = await McpClients.ErrorAsync(viewer, tool, new());
            Assert.Contains($"{tool} needs the", refusal);
            Assert.Matches("demo-viewer has [a-z_, -]*viewer", refusal);
        }

        foreach (var tool in Viewer.Concat(Investigator).Concat(Operator).Concat(Approver))
        {
            Assert.DoesNotMatch(RoleRefusal, await OutcomeAsync(operatorClient, tool));
        }

        // No token: the endpoint refuses before any tool runs.
        var refused = await Assert.ThrowsAnyAsync<HttpRequestException>(() => McpClients.ConnectAsync(hub, []));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var raw = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        raw.Headers.Accept.ParseAdd("application/json");
        raw.Headers.Accept.ParseAdd("text/event-stream");
        using var anonymous = new HttpClient { BaseAddress = hub.Http.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(raw, TestContext.Current.CancellationToken)).StatusCode);
    }

    /// <summary>The text of a call with empty arguments: a result or the tool's own error (either way the role check was passed or not).</summary>
    private static async Task<string> OutcomeAsync(McpClient client, string tool)
    {
        var result = await client.CallToolAsync(tool, new Dictionary<string, object?>(), cancellationToken: TestContext.Current.CancellationToken);
        return McpClients.Text(result);
    }

    private static void Good(JsonElement result, string property, Func<JsonElement, bool> check) =>
        Assert.True(result.TryGetProperty(property, out var value) && check(value), $"{property} unexpected in {result}");

    private static string Decision(JsonElement remediation) =>
        remediation.GetProperty("detail").TryGetProperty("decision", out var d) ? d.GetRawText() : "null";
}
