using System.Net;
using System.Text.Json;
using Duende.IdentityModel.Client;
using Kubernaut.Hub.Tests.Support;

namespace Kubernaut.Hub.Tests.A2A;

/// <summary>The A2A front's discovery, authentication, errors and cancellation, on the same fleet and hub as the story.</summary>
public sealed partial class A2AStoryTests
{
    [Fact]
    public async Task AgentCard_BothWellKnownPaths_SameCardWhoseTokenUrlIssuesTokens()
    {
        using var http = Client(fleet.A2AHub);
        var card = await http.GetStringAsync("/.well-known/agent-card.json", TestContext.Current.CancellationToken);
        var legacy = await http.GetStringAsync("/.well-known/agent.json", TestContext.Current.CancellationToken);
        Assert.Equal(card, legacy);

        var json = JsonDocument.Parse(card).RootElement;
        Assert.Equal("0.3.0", json.GetProperty("protocolVersion").GetString());
        Assert.Equal(new Uri(http.BaseAddress!, "a2a").AbsoluteUri, json.GetProperty("url").GetString());
        Assert.Equal("JSONRPC", json.GetProperty("preferredTransport").GetString());
        Assert.True(json.GetProperty("capabilities").GetProperty("streaming").GetBoolean());
        Assert.Equal(["investigate", "remediate", "status"], json.GetProperty("skills").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Contains("text/plain", json.GetProperty("defaultInputModes").EnumerateArray().Select(m => m.GetString()));
        Assert.Contains("application/json", json.GetProperty("defaultOutputModes").EnumerateArray().Select(m => m.GetString()));
        Assert.Contains(json.GetProperty("security").EnumerateArray(), s => s.TryGetProperty("keycloak", out _));

        // What the card says is enough to get in: a client-credentials token from its token URL is accepted.
        var tokenUrl = json.GetProperty("securitySchemes").GetProperty("keycloak").GetProperty("flows").GetProperty("clientCredentials").GetProperty("tokenUrl").GetString()!;
        Assert.Equal(fleet.Realm.AbsoluteUri.TrimEnd('/') + "/protocol/openid-connect/token", tokenUrl);
        var token = await fleet.Http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = tokenUrl,
            ClientId = "demo-viewer",
            ClientSecret = "demo-viewer-secret",
        }, TestContext.Current.CancellationToken);
        Assert.False(token.IsError, token.Error);
        var (status, body) = await new A2AClient(http).CallAsync("tasks/get", new { id = "no-such-task" }, token.AccessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(-32001, body.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task JsonRpc_NoTokenViewerOrBadRequests_RefusedWithTheRightError()
    {
        using var http = Client(fleet.A2AHub);
        var a2a = new A2AClient(http);
        var send = new { message = A2AClient.UserMessage("The payment processing in prod-eu-west feels sluggish.") };

        var (anonymous, anonymousBody) = await a2a.CallAsync("message/send", send, null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
        Assert.Equal("2.0", anonymousBody.GetProperty("jsonrpc").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await a2a.CallAsync("tasks/get", new { id = "x" }, "not-a-jwt")).Status);

        var viewer = await fleet.TokenAsync("demo-viewer");
        var (forbidden, forbiddenBody) = await a2a.CallAsync("message/send", send, viewer);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden);
        Assert.Equal(-32000, forbiddenBody.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("investigator or operator", forbiddenBody.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await a2a.CallAsync("message/stream", send, viewer)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await a2a.CallAsync("tasks/cancel", new { id = "x" }, viewer)).Status);

        var operatorToken = await fleet.TokenAsync("demo-operator");
        Assert.Equal(-32700, (await a2a.PostRawAsync("{\"jsonrpc\":\"2.0\",", operatorToken)).Body.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(-32600, (await a2a.PostRawAsync("{\"jsonrpc\":\"2.0\",\"id\":3}", operatorToken)).Body.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await a2a.PostRawAsync("{}", operatorToken, "text/plain")).Status);
        var unknown = await a2a.CallAsync("SendMessage", send, operatorToken);
        Assert.Equal(-32601, unknown.Body.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(-32003, (await a2a.CallAsync("tasks/pushNotificationConfig/set", new { }, operatorToken)).Body.GetProperty("error").GetProperty("code").GetInt32());
        var noMessageId = await a2a.CallAsync("message/send", new { message = new { role = "user", parts = new[] { new { kind = "text", text = "hi" } } } }, operatorToken);
        Assert.Equal(-32602, noMessageId.Body.GetProperty("error").GetProperty("code").GetInt32());
        var agentRole = await a2a.CallAsync("message/send", new { message = new { role = "agent", messageId = "m", parts = new[] { new { kind = "text", text = "hi" } } } }, operatorToken);
        Assert.Equal(-32602, agentRole.Body.GetProperty("error").GetProperty("code").GetInt32());
        var resubscribe = await a2a.CallAsync("tasks/resubscribe", new { id = "no-such-task" }, viewer);
        Assert.Equal(-32001, resubscribe.Body.GetProperty("error").GetProperty("code").GetInt32());
        var followUp = await a2a.CallAsync("message/send", new { message = A2AClient.UserMessage("go with it", taskId: "no-such-task") }, operatorToken);
        Assert.Equal(-32001, followUp.Body.GetProperty("error").GetProperty("code").GetInt32());

        // Words that name nothing the hub knows get an answer, not a task.
        var vague = await a2a.CallAsync("message/send", new { message = A2AClient.UserMessage("Something feels off somewhere today.") }, operatorToken);
        var reply = vague.Body.GetProperty("result");
        Assert.Equal("message", reply.GetProperty("kind").GetString());
        Assert.Equal("agent", reply.GetProperty("role").GetString());
        Assert.Contains("cannot tell which", reply.GetProperty("parts")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task JsonRpc_AuthenticationNotRequired_ReadsOpenButCancelStillNeedsTheApproversToken()
    {
        // Stopped at the end: a second hub leading its own namespace sweeps the other's ephemeral identities as orphans.
        await using var open = await HubInstance.StartAsync(fleet.KubeconfigPath, null, null,
            fleet.HubArgs("--namespace", "kn-open-" + Guid.NewGuid().ToString("N")[..6], "--Identity:RequireAuthentication", "false"));
        using var http = Client(open);
        var a2a = new A2AClient(http);

        var read = await a2a.CallAsync("tasks/get", new { id = "no-such-task" }, null);
        Assert.Equal((HttpStatusCode.OK, -32001), (read.Status, read.Body.GetProperty("error").GetProperty("code").GetInt32()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await a2a.CallAsync("tasks/cancel", new { id = "no-such-task" }, null)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await a2a.CallAsync("tasks/cancel", new { id = "no-such-task" }, await fleet.TokenAsync("demo-viewer"))).Status);
        var approver = await a2a.CallAsync("tasks/cancel", new { id = "no-such-task" }, await fleet.TokenAsync("demo-operator"));
        Assert.Equal((HttpStatusCode.OK, -32001), (approver.Status, approver.Body.GetProperty("error").GetProperty("code").GetInt32()));
    }

    [Fact]
    public async Task TasksCancel_TaskWaitingForADecision_RequestRejectedAndTaskCanceled()
    {
        using var http = Client(fleet.A2AHub);
        var a2a = new A2AClient(http);
        var operatorToken = await fleet.TokenAsync("demo-operator");
        var viewer = await fleet.TokenAsync("demo-viewer");
        var sent = await a2a.CallAsync("message/send", new
        {
            message = A2AClient.UserMessage("The ledger service in prod-eu-west is returning errors."),
            configuration = new { blocking = true },
        }, operatorToken);
        Assert.True(sent.Body.TryGetProperty("result", out var task), sent.Body.ToString());
        var taskId = task.GetProperty("id").GetString()!;
        var rrId = task.GetProperty("contextId").GetString()!;
        await Eventually.TrueAsync(async () => State(await a2a.CallAsync("tasks/get", new { id = taskId }, viewer)) == "input-required",
            $"task {taskId} never needed input", TimeSpan.FromSeconds(120));

        Assert.Equal(HttpStatusCode.Forbidden, (await a2a.CallAsync("tasks/cancel", new { id = taskId }, viewer)).Status);
        var canceled = await a2a.CallAsync("tasks/cancel", new { id = taskId }, operatorToken);
        AssertTask(canceled.Body, "working");
        await Eventually.TrueAsync(async () => State(await a2a.CallAsync("tasks/get", new { id = taskId }, viewer)) == "canceled",
            $"task {taskId} never canceled", TimeSpan.FromSeconds(60));
        using var get = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/remediations/{rrId}");
        get.Headers.Authorization = new("Bearer", viewer);
        using var response = await http.SendAsync(get, TestContext.Current.CancellationToken);
        var rr = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("Cancelled", rr.GetProperty("phase").GetString());
        Assert.Equal("reject", rr.GetProperty("decision").GetProperty("decision").GetString());
        Assert.Equal("a2a", rr.GetProperty("decision").GetProperty("via").GetString());

        var again = await a2a.CallAsync("tasks/cancel", new { id = taskId }, operatorToken);
        Assert.Equal(-32002, again.Body.GetProperty("error").GetProperty("code").GetInt32());
    }

    private static string? State((HttpStatusCode Status, JsonElement Body) response) =>
        response.Body.TryGetProperty("result", out var task) ? task.GetProperty("status").GetProperty("state").GetString() : null;
}
