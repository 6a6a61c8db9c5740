using System.Net;
using System.Text.Json;
using Kubernaut.Hub.Tests.Support;

namespace Kubernaut.Hub.Tests.TrustLadder;

/// <summary>What each trust level lets the hub do, end to end through the lifecycle with the scripted stages.</summary>
public sealed class TrustLevelTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    private const string Cluster = "staging";

    private HubInstance Hub => fixture.Hub;

    [Fact]
    public async Task Lifecycle_L0Ignore_SkipsWithoutInvestigatingAndHoldsDuplicates()
    {
        var (id, ns, pod) = await OpenAsync("L0");

        var rr = await Hub.WaitForPhaseAsync(id, "Skipped");
        var again = await Hub.AlertAsync(Cluster, ns, pod);

        Assert.Equal("Ignored", rr.GetProperty("completion").GetProperty("outcome").GetString());
        Assert.Empty(rr.GetProperty("stages").EnumerateObject());
        Assert.Equal(0, rr.GetProperty("trustLevel").GetInt32());
        Assert.Equal(id, again);
        await Eventually.TrueAsync(async () => (await Hub.GetRemediationAsync(id)).GetProperty("occurrenceCount").GetInt32() == 2,
            "the held request never counted the duplicate");
    }

    [Fact]
    public async Task Lifecycle_L1DryRun_RecordsRecommendationAndNeverExecutes()
    {
        var (id, _, _) = await OpenAsync("L1");

        var rr = await Hub.WaitForPhaseAsync(id, "Completed");

        Assert.Equal("DryRun", rr.GetProperty("completion").GetProperty("outcome").GetString());
        Assert.Equal("restart-workload", rr.GetProperty("proposal").GetProperty("workflow").GetString());
        Assert.Equal(["investigate", "propose"], rr.GetProperty("stages").EnumerateObject().Select(s => s.Name).Order());
        Assert.DoesNotContain(Phases(rr), p => p is "Executing" or "AwaitingApproval");
    }

    [Fact]
    public async Task Lifecycle_L2Observe_EndsObservedWithOnboardingChecklist()
    {
        var (id, _, _) = await OpenAsync(null);

        var rr = await Hub.WaitForPhaseAsync(id, "Observed");

        Assert.Equal(2, rr.GetProperty("trustLevel").GetInt32());
        var checklist = rr.GetProperty("onboardingChecklist").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!, i => i.GetProperty("status").GetString());
        Assert.Equal(["addon-healthy", "mcp-reachable", "metrics-flowing", "workflows-applicable"], checklist.Keys.Order());
        Assert.Equal("Passed", checklist["workflows-applicable"]);
        Assert.Equal("Failed", checklist["addon-healthy"]);
        Assert.DoesNotContain(Phases(rr), p => p is "Executing");
    }

    [Fact]
    public async Task Lifecycle_L3Approve_WaitsForHumanThenExecutesAndVerifies()
    {
        var (id, _, _) = await OpenAsync("L3");
        await Hub.WaitForPhaseAsync(id, "AwaitingApproval");
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.Equal("AwaitingApproval", (await Hub.GetRemediationAsync(id)).GetProperty("phase").GetString());

        var decided = await Hub.DecideAsync(id, "approve");

        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        var rr = await Hub.WaitForPhaseAsync(id, "Completed");
        Assert.Equal("Remediated", rr.GetProperty("completion").GetProperty("outcome").GetString());
        Assert.Equal("api", rr.GetProperty("decision").GetProperty("via").GetString());
        Assert.Equal(["Pending", "Investigating", "AwaitingDecision", "AwaitingApproval", "Executing", "Verifying", "Completed"], Phases(rr));
    }

    [Fact]
    public async Task Decide_Reject_CancelsTheRequest()
    {
        var (id, _, _) = await OpenAsync("L3");
        await Hub.WaitForPhaseAsync(id, "AwaitingApproval");

        await Hub.DecideAsync(id, "reject", "not during the sale");

        var rr = await Hub.WaitForPhaseAsync(id, "Cancelled");
        Assert.Equal("Rejected", rr.GetProperty("completion").GetProperty("outcome").GetString());
        Assert.Contains("not during the sale", rr.GetProperty("phaseReason").GetString());
    }

    [Fact]
    public async Task Decide_NotAwaitingOrUnknownOrInvalid_Returns409Or404Or400()
    {
        var (id, _, _) = await OpenAsync("L1");
        await Hub.WaitForPhaseAsync(id, "Completed");

        var late = await Hub.DecideAsync(id, "approve");
        var unknown = await Hub.DecideAsync("rr-000000000000-00000000", "approve");
        var invalid = await Hub.DecideAsync(id, "maybe");

        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    [Fact]
    public async Task Lifecycle_L4LowRiskConfident_RunsWithoutApproval()
    {
        var (id, _, _) = await OpenAsync("L4");

        var rr = await Hub.WaitForPhaseAsync(id, "Completed");

        Assert.Equal(["Pending", "Investigating", "AwaitingDecision", "Executing", "Verifying", "Completed"], Phases(rr));
        Assert.Equal("trust-ladder", rr.GetProperty("decision").GetProperty("via").GetString());
    }

    [Fact]
    public async Task Lifecycle_NamespaceOverride_BeatsClusterLevel()
    {
        var ns = HubFixture.NewNamespace();
        var (id, _, _) = await OpenAsync("L4", ns, $"other=L4,{ns}=L1");

        var rr = await Hub.WaitForPhaseAsync(id, "Completed");

        Assert.Equal(1, rr.GetProperty("trustLevel").GetInt32());
        Assert.Equal("DryRun", rr.GetProperty("completion").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Lifecycle_L4BelowConfidenceThreshold_AsksForApproval()
    {
        await using var cautious = await HubInstance.StartAsync(fixture.Fleet, null, "--Stages:Scripted:Confidence", "0.6", "--namespace", "cautious-hub");
        var ns = HubFixture.NewNamespace();
        await FleetObjects.SetTrustAsync(fixture.Fleet.Client("hub"), "prod-us-east", "L4", null, TestContext.Current.CancellationToken);
        var pod = await FleetObjects.EnsureDeploymentWithPodAsync(fixture.Fleet.Client("prod-us-east"), ns, "ledger", TestContext.Current.CancellationToken);

        var id = await cautious.AlertAsync("prod-us-east", ns, pod);

        var rr = await cautious.WaitForPhaseAsync(id, "AwaitingApproval");
        Assert.Contains("not low-risk at or above confidence", rr.GetProperty("phaseReason").GetString());
    }

    private async Task<(string Id, string Namespace, string Pod)> OpenAsync(string? level, string? ns = null, string? overrides = null)
    {
        var ct = TestContext.Current.CancellationToken;
        ns ??= HubFixture.NewNamespace();
        await FleetObjects.SetTrustAsync(fixture.Fleet.Client("hub"), Cluster, level, overrides, ct);
        var pod = await FleetObjects.EnsureDeploymentWithPodAsync(fixture.Fleet.Client(Cluster), ns, "worker", ct);
        return (await Hub.AlertAsync(Cluster, ns, pod), ns, pod);
    }

    private static List<string> Phases(JsonElement rr) =>
        [.. rr.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("phase").GetString()!)];
}
