using System.Text.Json;
using k8s;
using k8s.Models;
using Kubernaut.Hub.Tests.Execution;
using Kubernaut.Hub.Tests.Support;

namespace Kubernaut.Hub.Tests.Verification;

/// <summary>The verification window and its score on the live fleet: a spec changed by someone else during the window forces 0.</summary>
public sealed class EffectivenessTests(RemediationFleetFixture fleet) : IClassFixture<RemediationFleetFixture>
{
    [Fact]
    public async Task Verify_SpecChangedDuringWindow_ScoreZeroFailedWithDrift()
    {
        await using var hub = await fleet.StartHubAsync(new CapturedLogs(), null, "--Verification:TimeScale", "0.1");
        var id = await RemediationRun.OpenAsync(fleet, hub, "prod-us-east", "prod", "cart-service");
        using (var decided = await RemediationRun.DecideAsync(hub, id, "approve", null, new() { ["seconds"] = "1" }))
        {
            Assert.True(decided.IsSuccessStatusCode);
        }

        await hub.WaitForPhaseAsync(id, "Verifying");
        await Eventually.TrueAsync(async () => (await hub.GetRemediationAsync(id)).GetProperty("executionProgress").ValueKind == JsonValueKind.Object
            && JsonDocument.Parse(await RemediationRun.StoredAsync(fleet, id)).RootElement.GetProperty("status").TryGetProperty("verificationProgress", out _), "the window never opened");
        var patch = JsonSerializer.Serialize(new { spec = new { template = new { metadata = new { annotations = new Dictionary<string, string> { ["someone-else"] = "edited" } } } } });
        await fleet.Client("prod-us-east").AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), "cart-service", "prod",
            cancellationToken: TestContext.Current.CancellationToken);

        var rr = await RemediationRun.WaitTerminalAsync(hub, id);

        Assert.Equal("Failed", rr.GetProperty("phase").GetString());
        var verification = rr.GetProperty("verification");
        Assert.Equal(0, verification.GetProperty("score").GetDouble());
        Assert.Equal("test-slow", verification.GetProperty("workflow").GetString());
        Assert.Contains(verification.GetProperty("checks").EnumerateArray(), c => c.GetString()!.StartsWith("spec drift: Deployment prod/cart-service", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_HealthyAndAlertResolved_CompletedScoredOneAndInEffectivenessHistory()
    {
        await using var hub = await fleet.StartHubAsync(new CapturedLogs());
        var first = await RemediationRun.OpenAsync(fleet, hub, "prod-us-east", "prod", "catalog-service", "KubeDeploymentReplicasMismatch");
        using (var decided = await RemediationRun.DecideAsync(hub, first, "approve", "test-slow",
            new() { ["namespace"] = "prod", ["deployment"] = "catalog-service", ["seconds"] = "1" }))
        {
            Assert.True(decided.IsSuccessStatusCode, await decided.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        await hub.WaitForPhaseAsync(first, "Verifying");
        await AlertPayloads.PostAsync(hub.Http, AlertPayloads.Message("resolved", new Dictionary<string, string>
        {
            ["alertname"] = "KubeDeploymentReplicasMismatch",
            ["cluster"] = "prod-us-east",
            ["namespace"] = "prod",
            ["deployment"] = "catalog-service",
        }));
        var rr = await RemediationRun.WaitTerminalAsync(hub, first);
        Assert.True(rr.GetProperty("phase").GetString() == "Completed", rr.ToString());
        Assert.Equal(1, rr.GetProperty("verification").GetProperty("score").GetDouble());
        Assert.Equal(1, rr.GetProperty("verification").GetProperty("components").GetProperty("alert").GetDouble());
        var history = await hub.Service<Kubernaut.Hub.Verification.IEffectivenessHistory>().ScoresAsync(TestContext.Current.CancellationToken);
        Assert.True(history.TryGetValue("test-slow", out var score) && score > 0, string.Join(", ", history));
    }
}
