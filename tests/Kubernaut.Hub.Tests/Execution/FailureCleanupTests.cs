using System.Net.Http.Json;
using System.Text.Json;
using k8s;
using Kubernaut.Hub.Tests.Support;

namespace Kubernaut.Hub.Tests.Execution;

/// <summary>
/// Every way a run can end badly — the playbook fails, a step outside the declared RBAC, AWX unreachable, the job
/// times out, someone cancels it, the hub dies mid-job — still leaves no identity, RBAC, token Secret or AWX
/// credential behind, and the token it used is refused.
/// </summary>
public sealed class FailureCleanupTests(RemediationFleetFixture fleet) : IClassFixture<RemediationFleetFixture>
{
    [Fact]
    public async Task PlaybookFails_RevisionNotSaved_FailedWithItsOutputAndNothingLeft()
    {
        await using var hub = await fleet.StartHubAsync(new CapturedLogs());
        var id = await RemediationRun.OpenAsync(fleet, hub, "prod-us-east", "prod", "checkout-service");
        await using var leftovers = new Leftovers(fleet, "prod-us-east", id, "prod");
        leftovers.StartCapturing();

        using var decided = await RemediationRun.DecideAsync(hub, id, "approve", "rollback-config", new() { ["revision"] = "7" });
        Assert.True(decided.IsSuccessStatusCode, await decided.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var rr = await RemediationRun.WaitTerminalAsync(hub, id);
        Assert.Equal("Failed", rr.GetProperty("phase").GetString());
        Assert.Contains("No saved revision 7", rr.GetProperty("phaseReason").GetString());
        await leftovers.AssertNothingLeftAsync();
        await leftovers.AssertTokenRefusedAsync();
    }

    [Fact]
    public async Task PlaybookStepOutsideDeclaredRules_Forbidden_DeclaredStepWorkedAndNothingLeft()
    {
        await using var hub = await fleet.StartHubAsync(new CapturedLogs());
        var id = await RemediationRun.OpenAsync(fleet, hub, "prod-us-east", "prod", "catalog-service");
        await using var leftovers = new Leftovers(fleet, "prod-us-east", id, "prod");
        leftovers.StartCapturing();

        using var decided = await RemediationRun.DecideAsync(hub, id, "approve", "test-rbac-probe");
        Assert.True(decided.IsSuccessStatusCode, await decided.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var rr = await RemediationRun.WaitTerminalAsync(hub, id);
        var events = await RemediationRun.EventsAsync(hub, id);
        Assert.Equal("Failed", rr.GetProperty("phase").GetString());
        Assert.Contains("PROBE-READ-OK 1", events);
        Assert.Matches("403|[Ff]orbidden", rr.GetProperty("phaseReason").GetString()!);
        var cm = await k8s.CoreV1OperationsExtensions.ReadNamespacedConfigMapAsync(fleet.Client("prod-us-east").CoreV1, "checkout-config", "prod",
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.False(cm.Metadata.Annotations?.ContainsKey("probe") ?? false);
        await leftovers.AssertNothingLeftAsync();
        await leftovers.AssertTokenRefusedAsync();
    }

    [Fact]
    public async Task AwxUnreachable_FailsAfterTimeout_NothingLeft()
    {
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await using var hub = await fleet.StartHubAsync(new CapturedLogs(), null,
            "--Execution:AwxUrl", $"http://127.0.0.1:{port}/", "--Execution:AwxUnreachableTimeout", "00:00:02");
        var id = await RemediationRun.OpenAsync(fleet, hub, "prod-us-east", "prod", "cart-service");
        await using var leftovers = new Leftovers(fleet, "prod-us-east", id, "prod");
        leftovers.StartCapturing();

        using var decided = await RemediationRun.DecideAsync(hub, id, "approve");
        Assert.True(decided.IsSuccessStatusCode, await decided.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var rr = await RemediationRun.WaitTerminalAsync(hub, id);
        Assert.Equal("Failed", rr.GetProperty("phase").GetString());
        Assert.Contains("AWX unreachable", rr.GetProperty("phaseReason").GetString());
        await leftovers.AssertNothingLeftAsync();
        await leftovers.AssertTokenRefusedAsync();
    }

    [Fact]
    public async Task JobTimeout_CancelledInAwxAndFailed_NothingLeft()
    {
        await using var hub = await fleet.StartHubAsync(new CapturedLogs(), null, "--Execution:JobTimeout", "00:00:03");
        var id = await RemediationRun.OpenAsync(fleet, hub, "prod-us-east", "prod", "cart-service");
        await using var leftovers = new Leftovers(fleet, "prod-us-east", id, "prod");
        leftovers.StartCapturing();

        using var decided = await RemediationRun.DecideAsync(hub, id, "approve", null, new() { ["seconds"] = "120" });
        Assert.True(decided.IsSuccessStatusCode, await decided.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var rr = await RemediationRun.WaitTerminalAsync(hub, id);
        Assert.Equal("Failed", rr.GetProperty("phase").GetString());
        Assert.Contains("did not finish within", rr.GetProperty("phaseReason").GetString());
        await Eventually.TrueAsync(async () => (await JobAsync(id)).GetProperty("status").GetString() == "canceled", "the AWX job was not cancelled");
        await leftovers.AssertNothingLeftAsync();
        await leftovers.AssertTokenRefusedAsync();
    }

    [Fact]
    public async Task JobCancelledInAwx_Failed_NothingLeft()
    {
        await using var hub = await fleet.StartHubAsync(new CapturedLogs());
        var id = await RemediationRun.OpenAsync(fleet, hub, "prod-us-east", "prod", "cart-service");
        await using var leftovers = new Leftovers(fleet, "prod-us-east", id, "prod");
        leftovers.StartCapturing();

        using var decided = await RemediationRun.DecideAsync(hub, id, "approve", null, new() { ["seconds"] = "120" });
        Assert.True(decided.IsSuccessStatusCode, await decided.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var job = await RunningJobAsync(id);
        using var awx = Awx();
        using var cancel = await awx.PostAsync($"api/v2/jobs/{job}/cancel/", null, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, cancel.StatusCode);

        var rr = await RemediationRun.WaitTerminalAsync(hub, id);
        Assert.Equal("Failed", rr.GetProperty("phase").GetString());
        Assert.Contains("canceled", rr.GetProperty("phaseReason").GetString());
        await leftovers.AssertNothingLeftAsync();
        await leftovers.AssertTokenRefusedAsync();
    }

    [Fact]
    public async Task HubStoppedMidJob_NextHubFollowsTheSameJobAndCleansUp_NothingLeft()
    {
        var audit = Path.Combine(Path.GetTempPath(), $"hub-audit-{Guid.NewGuid():N}.db");
        var first = await fleet.StartHubAsync(new CapturedLogs(), audit);
        var id = await RemediationRun.OpenAsync(fleet, first, "prod-us-east", "prod", "cart-service");
        await using var leftovers = new Leftovers(fleet, "prod-us-east", id, "prod");
        leftovers.StartCapturing();
        using (var decided = await RemediationRun.DecideAsync(first, id, "approve", null, new() { ["seconds"] = "6" }))
        {
            Assert.True(decided.IsSuccessStatusCode, await decided.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        var job = await RunningJobAsync(id);
        await first.DisposeAsync();

        await NextHubFinishesTheJobAsync(audit, id, job, leftovers);
    }

    [Fact]
    public async Task HubKilledMidJob_NextHubFollowsTheSameJobAndCleansUp_NothingLeft()
    {
        var ct = TestContext.Current.CancellationToken;
        var audit = Path.Combine(Path.GetTempPath(), $"hub-audit-{Guid.NewGuid():N}.db");
        var pods = await fleet.Client("prod-us-east").CoreV1.ListNamespacedPodAsync("prod", labelSelector: "app=cart-service", cancellationToken: ct);
        var pod = pods.Items.First(p => p.Metadata.DeletionTimestamp is null).Metadata.Name;
        string id;
        int job;
        Leftovers leftovers;
        await using (var first = await HubProcess.StartAsync(HubInstance.Arguments(fleet.KubeconfigPath, audit, fleet.HubArgs())))
        {
            first.Http.DefaultRequestHeaders.Authorization = new("Bearer", HubFixture.ReceiverToken);
            using var alert = await AlertPayloads.PostAsync(first.Http, AlertPayloads.Message("firing", AlertPayloads.PodAlert("prod-us-east", "prod", pod)));
            id = JsonDocument.Parse(await alert.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("remediations")[0].GetProperty("id").GetString()!;
            await Eventually.TrueAsync(async () => Phase(await first.Http.GetStringAsync($"/api/v1/remediations/{id}", ct)) == "AwaitingApproval",
                () => $"{id} never awaited approval:\n{first.Output}");
            leftovers = new Leftovers(fleet, "prod-us-east", id, "prod");
            leftovers.StartCapturing();
            using var decided = await first.Http.PostAsJsonAsync($"/api/v1/remediations/{id}/decision",
                new { decision = "approve", parameters = new Dictionary<string, string> { ["seconds"] = "6" }, reason = "operator choice in a test" }, ct);
            Assert.True(decided.IsSuccessStatusCode, await decided.Content.ReadAsStringAsync(ct));
            job = await RunningJobAsync(id);
            await first.KillAsync();
        }

        await using (leftovers)
        {
            await NextHubFinishesTheJobAsync(audit, id, job, leftovers);
        }
    }

    /// <summary>A hub started on the stopped one's audit trail follows the same AWX job to success and leaves nothing.</summary>
    private async Task NextHubFinishesTheJobAsync(string audit, string id, int job, Leftovers leftovers)
    {
        await using var second = await fleet.StartHubAsync(new CapturedLogs(), audit);
        var rr = await RemediationRun.WaitPastAsync(second, id, "Executing");
        Assert.True(rr.GetProperty("stages").GetProperty("execute").GetProperty("state").GetString() == "Succeeded", rr.ToString());
        Assert.Equal($"awx-job/{job}", JsonDocument.Parse(await RemediationRun.StoredAsync(fleet, id)).RootElement.GetProperty("status").GetProperty("execution").GetProperty("reference").GetString());
        Assert.Single(await JobsAsync(id));
        await leftovers.AssertNothingLeftAsync();
        await leftovers.AssertTokenRefusedAsync();
        // Leave no open request on cart-service: a later test's alert there would be counted on this one (still
        // Verifying when the hub stops under load) instead of opening its own — JobCancelledInAwx failed that way.
        await RemediationRun.WaitTerminalAsync(second, id);
    }

    private static string? Phase(string remediation) => JsonDocument.Parse(remediation).RootElement.GetProperty("phase").GetString();

    private HttpClient Awx()
    {
        var awx = new HttpClient { BaseAddress = fleet.BaseAddress };
        awx.DefaultRequestHeaders.Authorization = new("Bearer", fleet.ApiToken);
        return awx;
    }

    private async Task<List<JsonElement>> JobsAsync(string id)
    {
        using var awx = Awx();
        var jobs = await awx.GetFromJsonAsync<JsonElement>("api/v2/jobs/?page_size=200", TestContext.Current.CancellationToken);
        return [.. jobs.GetProperty("results").EnumerateArray().Where(j => j.GetProperty("extra_vars").GetString()!.Contains(id, StringComparison.Ordinal))];
    }

    private async Task<JsonElement> JobAsync(string id) => (await JobsAsync(id)).Single();

    /// <summary>Waits until the request's AWX job runs (the playbook has started); returns its id.</summary>
    private async Task<int> RunningJobAsync(string id)
    {
        var job = 0;
        await Eventually.TrueAsync(async () =>
        {
            var jobs = await JobsAsync(id);
            job = jobs.Count == 1 && jobs[0].GetProperty("status").GetString() == "running" ? jobs[0].GetProperty("id").GetInt32() : 0;
            return job > 0;
        }, $"no running AWX job for {id}", TimeSpan.FromSeconds(60));
        return job;
    }
}
