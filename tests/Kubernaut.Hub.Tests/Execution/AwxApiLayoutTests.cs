using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kubernaut.Hub.Tests.Support;

namespace Kubernaut.Hub.Tests.Execution;

/// <summary>
/// The two AWX layouts and the two ways the hub authenticates to AWX, through the AWX stand-in: AAP 2.5's
/// <c>/api/controller/v2/</c> base path (contracts.md §4.1), and the remediation-only Keycloak token as the bearer
/// instead of a static AWX token — which AWX accepts while the investigation token is refused.
/// </summary>
public sealed class AwxApiLayoutTests(RemediationFleetFixture fleet) : IClassFixture<RemediationFleetFixture>
{
    [Fact]
    public async Task ControllerApiPath_AapGatewayLayout_EveryCallUnderControllerPathJobRunsNothingLeft()
    {
        var before = fleet.AwxRequests.Count;
        await using var hub = await fleet.StartHubAsync(new CapturedLogs(), null, "--Execution:AwxApiPath", "/api/controller/v2/");

        var (id, calls) = await RunSlowWorkflowAsync(hub, before);

        Assert.True(calls.All(c => c.Path.StartsWith("/api/controller/v2/", StringComparison.Ordinal)), string.Join("\n", calls));
        Assert.Contains(calls, c => c.Method == "POST" && c.Path.EndsWith("/launch/", StringComparison.Ordinal) && c.Status == 201);
        Assert.Contains(calls, c => c.Method == "POST" && c.Path == "/api/controller/v2/credentials/" && c.Status == 201);
        Assert.Contains(calls, c => c.Method == "DELETE" && c.Path.StartsWith("/api/controller/v2/credentials/", StringComparison.Ordinal) && c.Status == 204);
        Assert.True(calls.All(c => c.Bearer == "static"), string.Join("\n", calls));
        TestContext.Current.TestOutputHelper?.WriteLine($"{id}: {calls.Count} AWX calls under /api/controller/v2/");
    }

    [Fact]
    public async Task RemediationTokenAuthentication_HubSendsRealmRemediatorJwt_JobRunsNothingLeft()
    {
        var before = fleet.AwxRequests.Count;
        await using var hub = await fleet.StartHubAsync(new CapturedLogs(), null,
            "--Execution:AwxAuthentication", "RemediationToken",
            "--Execution:RemediationToken:Authority", fleet.Realm.AbsoluteUri,
            "--Execution:RemediationToken:ClientSecret", "kubernaut-remediator-secret");

        var (_, calls) = await RunSlowWorkflowAsync(hub, before);

        Assert.Contains(calls, c => c.Method == "POST" && c.Path.EndsWith("/launch/", StringComparison.Ordinal) && c.Status == 201);
        Assert.True(calls.All(c => c.Bearer == "jwt"), string.Join("\n", calls));
        Assert.DoesNotContain(calls, c => c.Status is 401 or 403);
    }

    [Fact]
    public async Task AwxStandIn_RealmTokens_RemediatorAcceptedInvestigatorAndOperatorRefused()
    {
        using var http = new HttpClient { BaseAddress = fleet.BaseAddress };

        Assert.Equal(HttpStatusCode.OK, await JobTemplatesAsync(http, await TokenAsync(http, "kubernaut-remediator"), "api/v2/"));
        Assert.Equal(HttpStatusCode.OK, await JobTemplatesAsync(http, await TokenAsync(http, "kubernaut-remediator"), "api/controller/v2/"));
        Assert.Equal(HttpStatusCode.Unauthorized, await JobTemplatesAsync(http, await TokenAsync(http, "kubernaut-investigator"), "api/v2/"));
        Assert.Equal(HttpStatusCode.Unauthorized, await JobTemplatesAsync(http, await TokenAsync(http, "demo-operator"), "api/v2/"));
        Assert.Equal(HttpStatusCode.Unauthorized, await JobTemplatesAsync(http, "not-a-token", "api/v2/"));
    }

    /// <summary>
    /// test-slow on cart-service (2 s of pause), approved; returns the hub's AWX calls once execution succeeded (taken
    /// before this test's own look at AWX for leftovers) and nothing of its identity is left.
    /// </summary>
    private async Task<(string Id, IReadOnlyList<AwxRequest> Calls)> RunSlowWorkflowAsync(HubInstance hub, int before)
    {
        var id = await RemediationRun.OpenAsync(fleet, hub, "prod-us-east", "prod", "cart-service");
        await using var leftovers = new Leftovers(fleet, "prod-us-east", id, "prod");
        leftovers.StartCapturing();
        using (var decided = await RemediationRun.DecideAsync(hub, id, "approve"))
        {
            Assert.True(decided.IsSuccessStatusCode, await decided.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        var rr = await RemediationRun.WaitPastAsync(hub, id, "Executing");
        Assert.True(rr.GetProperty("stages").GetProperty("execute").GetProperty("state").GetString() == "Succeeded",
            rr + "\n" + await RemediationRun.EventsAsync(hub, id));
        var calls = fleet.AwxRequests.Since(before);
        await leftovers.AssertNothingLeftAsync();
        // The next test alerts on cart-service too: this request must be closed, or that alert would be counted on it.
        await RemediationRun.WaitTerminalAsync(hub, id);
        return (id, calls);
    }

    private static async Task<HttpStatusCode> JobTemplatesAsync(HttpClient http, string token, string basePath)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, basePath + "job_templates/?name=test-slow");
        request.Headers.Authorization = new("Bearer", token);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private static async Task<string> TokenAsync(HttpClient http, string client)
    {
        using var response = await http.PostAsync("realms/kubernaut/protocol/openid-connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = client,
            ["client_secret"] = client + "-secret",
        }), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("access_token").GetString()!;
    }
}
