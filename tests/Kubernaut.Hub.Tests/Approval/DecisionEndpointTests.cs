using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Kubernaut.Hub.Tests.Execution;
using Kubernaut.Hub.Tests.Support;

namespace Kubernaut.Hub.Tests.Approval;

/// <summary>
/// The decision endpoint with Keycloak identities from the fleet's dev issuer: the approver role is required, the
/// decider is the token's preferred_username (recorded in the request and the audit trail), and an override whose
/// parameters break the workflow's schema is refused with what is wrong.
/// </summary>
public sealed class DecisionEndpointTests(RemediationFleetFixture fleet) : IClassFixture<RemediationFleetFixture>
{
    [Fact]
    public async Task Decide_TokenWithoutApproverRole_403AndStillAwaiting()
    {
        await using var hub = await StartAsync();
        var id = await RemediationRun.OpenAsync(fleet, hub, "prod-eu-west", "prod", "fraud-check");

        using var response = await DecideAsync(hub, id, await TokenAsync("demo-viewer", "demo-viewer-secret"), new { decision = "approve" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("AwaitingApproval", (await hub.GetRemediationAsync(id)).GetProperty("phase").GetString());
        using var anonymous = await DecideAsync(hub, id, null, new { decision = "approve" });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Decide_OverrideWithInvalidParameters_400NamingEachProblem()
    {
        await using var hub = await StartAsync();
        var id = await RemediationRun.OpenAsync(fleet, hub, "prod-eu-west", "prod", "ledger-service");
        var token = await TokenAsync("demo-operator", "demo-operator-secret");

        using var response = await DecideAsync(hub, id, token, new
        {
            decision = "approve",
            workflow = "scale-statefulset",
            parameters = new Dictionary<string, string> { ["statefulset"] = "payment-db", ["namespace"] = "prod", ["replicas"] = "lots", ["shell"] = "rm -rf /" },
        });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = problem.GetProperty("errors").GetProperty("parameters").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains("scale-statefulset parameter replicas: must be an integer (was \"lots\")", errors);
        Assert.Contains(errors, e => e.StartsWith("scale-statefulset parameter shell: not a parameter of scale-statefulset", StringComparison.Ordinal));
        Assert.StartsWith("override refused:", problem.GetProperty("title").GetString());
        using var unknown = await DecideAsync(hub, id, token, new { decision = "approve", workflow = "delete-everything" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("delete-everything is not in the catalog", await unknown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("AwaitingApproval", (await hub.GetRemediationAsync(id)).GetProperty("phase").GetString());
    }

    [Fact]
    public async Task Decide_ApproverRejects_DeciderFromTokenInRequestAndAuditTrail()
    {
        await using var hub = await StartAsync();
        var id = await RemediationRun.OpenAsync(fleet, hub, "prod-us-east", "prod", "catalog-service");

        using var response = await DecideAsync(hub, id, await TokenAsync("demo-operator", "demo-operator-secret"), new { decision = "reject", reason = "not now" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rr = await hub.WaitForPhaseAsync(id, "Cancelled");
        Assert.Equal("service-account-demo-operator", rr.GetProperty("decision").GetProperty("by").GetString());
        var events = await RemediationRun.EventsAsync(hub, id);
        Assert.Contains("service-account-demo-operator", events);
        Assert.Contains("not now", events);
    }

    private Task<HubInstance> StartAsync() => fleet.StartHubAsync(new CapturedLogs(), null,
        "--Identity:Authority", new Uri(fleet.BaseAddress, "realms/kubernaut").ToString(), "--Identity:RequireHttpsMetadata", "false");

    private async Task<string> TokenAsync(string client, string secret)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(fleet.BaseAddress, "realms/kubernaut/protocol/openid-connect/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = client,
            ["client_secret"] = secret,
        }), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("access_token").GetString()!;
    }

    private static async Task<HttpResponseMessage> DecideAsync(HubInstance hub, string id, string? token, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/remediations/{id}/decision") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
        return await hub.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
