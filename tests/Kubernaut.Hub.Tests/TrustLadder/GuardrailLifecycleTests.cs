using System.Text.Json;
using Kubernaut.Hub.Tests.Support;

namespace Kubernaut.Hub.Tests.TrustLadder;

/// <summary>Guardrails acting on live requests: the fleet-wide cap, the cooldown and the failure backoff.</summary>
public sealed class GuardrailLifecycleTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    [Fact]
    public async Task Lifecycle_ConcurrencyCapOfOne_SecondRequestBlockedUntilFirstFinishes()
    {
        var ct = TestContext.Current.CancellationToken;
        await FleetObjects.SetTrustAsync(fleet.Client("hub"), "prod-us-east", "L4", null, ct);
        await using var hub = await HubInstance.StartAsync(fleet, null,
            "--Guardrails:MaxConcurrentExecutions", "1", "--Stages:Scripted:StepDuration", "00:00:01.500", "--namespace", "cap-hub");
        var ns = HubFixture.NewNamespace();
        var first = await FleetObjects.EnsureDeploymentWithPodAsync(fleet.Client("prod-us-east"), ns, "alpha", ct);
        var second = await FleetObjects.EnsureDeploymentWithPodAsync(fleet.Client("prod-us-east"), ns, "beta", ct);

        var a = await hub.AlertAsync("prod-us-east", ns, first);
        var b = await hub.AlertAsync("prod-us-east", ns, second);

        var ra = await hub.WaitForPhaseAsync(a, "Completed");
        var rb = await hub.WaitForPhaseAsync(b, "Completed");
        var blocked = new[] { ra, rb }.Single(r => Phases(r).Contains("Blocked"));
        Assert.Contains("FleetConcurrencyLimit", Reasons(blocked).Single(r => r.Phase == "Blocked").Reason);
        Assert.Equal(["Executing", "Verifying", "Completed"], Phases(blocked).SkipWhile(p => p != "Blocked").Skip(1));
    }

    [Fact]
    public async Task Lifecycle_TargetJustRemediated_NextRequestBlockedByCooldown()
    {
        var ct = TestContext.Current.CancellationToken;
        await FleetObjects.SetTrustAsync(fleet.Client("hub"), "prod-eu-west", "L4", null, ct);
        await using var hub = await HubInstance.StartAsync(fleet, null, "--Guardrails:Cooldown", "01:00:00", "--namespace", "cooldown-hub");
        var ns = HubFixture.NewNamespace();
        var pod = await FleetObjects.EnsureDeploymentWithPodAsync(fleet.Client("prod-eu-west"), ns, "gamma", ct);
        var first = await hub.AlertAsync("prod-eu-west", ns, pod);
        await hub.WaitForPhaseAsync(first, "Completed");

        var second = await hub.AlertAsync("prod-eu-west", ns, pod);

        Assert.NotEqual(first, second);
        var rr = await hub.WaitForPhaseAsync(second, "Blocked");
        Assert.Equal("RecentlyRemediated", rr.GetProperty("routing").GetProperty("blockReason").GetString());
        Assert.True(rr.GetProperty("routing").GetProperty("nextAllowedExecution").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(50));
        Assert.Equal(second, await hub.AlertAsync("prod-eu-west", ns, pod));
    }

    [Fact]
    public async Task Lifecycle_ExecutionFailures_BackOffThenNeedManualReview()
    {
        var ct = TestContext.Current.CancellationToken;
        await FleetObjects.SetTrustAsync(fleet.Client("hub"), "staging", "L4", null, ct);
        await using var hub = await HubInstance.StartAsync(fleet, null, "--Stages:Scripted:ExecutionSucceeds", "false",
            "--Guardrails:BackoffBase", "00:00:01", "--Guardrails:BackoffMax", "00:00:02", "--Guardrails:MaxConsecutiveFailures", "2",
            "--namespace", "backoff-hub");
        var ns = HubFixture.NewNamespace();
        var pod = await FleetObjects.EnsureDeploymentWithPodAsync(fleet.Client("staging"), ns, "delta", ct);

        var first = await hub.AlertAsync("staging", ns, pod);
        var failed = await hub.WaitForPhaseAsync(first, "Failed");
        var second = await hub.AlertAsync("staging", ns, pod);
        var secondFailed = await hub.WaitForPhaseAsync(second, "Failed");
        var third = await hub.AlertAsync("staging", ns, pod);
        var held = await hub.WaitForPhaseAsync(third, "Blocked");

        Assert.Equal("ExecutionFailed", failed.GetProperty("completion").GetProperty("outcome").GetString());
        Assert.Equal("Executing", failed.GetProperty("completion").GetProperty("failurePhase").GetString());
        Assert.Contains("Blocked", Phases(secondFailed));
        Assert.Contains(Reasons(secondFailed), r => r.Reason.StartsWith("ExponentialBackoff", StringComparison.Ordinal));
        Assert.Equal("ConsecutiveFailures", held.GetProperty("routing").GetProperty("blockReason").GetString());
        Assert.True(held.GetProperty("completion").GetProperty("requiresManualReview").GetBoolean());
    }

    private static List<string> Phases(JsonElement rr) =>
        [.. rr.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("phase").GetString()!)];

    private static List<(string Phase, string Reason)> Reasons(JsonElement rr) =>
        [.. rr.GetProperty("transitions").EnumerateArray().Select(t => (t.GetProperty("phase").GetString()!, t.GetProperty("reason").GetString()!))];
}
