using System.Net.Http.Json;
using System.Text.Json;
using k8s;
using Kubernaut.Hub.Tests.Support;

namespace Kubernaut.Hub.Tests.Execution;

/// <summary>
/// The seed's two stories through the real catalog, approval, AWX stand-in (ansible-playbook), ephemeral identity and
/// verification: each workflow fixes its scenario, and after each run nothing of the identity is left.
/// </summary>
public sealed class SeedStoryExecutionTests(RemediationFleetFixture fleet) : IClassFixture<RemediationFleetFixture>
{
    [Fact]
    public async Task RollbackConfig_OomAfterConfigChange_ScenarioRecoversVerifiedAndNothingLeft()
    {
        var logs = new CapturedLogs();
        await using var hub = await fleet.StartHubAsync(logs);
        var scenario = await fleet.StartScenarioAsync("oom-after-config-change", "prod-us-east");
        await fleet.WaitScenarioAsync(scenario, "active");

        var id = await RemediationRun.OpenAsync(fleet, hub, "prod-us-east", "prod", "checkout-service");
        var rr = await hub.GetRemediationAsync(id);
        var options = rr.GetProperty("proposal").GetProperty("options").EnumerateArray().ToList();
        Assert.True(options.Count >= 2, rr.GetProperty("proposal").ToString());
        Assert.Contains(options, o => o.GetProperty("workflow").GetString() == "rollback-config" && o.GetProperty("parameters").GetProperty("revision").GetString() == "42");
        Assert.Contains(options, o => o.GetProperty("workflow").GetString() == "restart-and-patch-memory" && o.GetProperty("parameters").GetProperty("memory_limit").GetString() == "768Mi");

        await using var leftovers = new Leftovers(fleet, "prod-us-east", id, "prod");
        leftovers.StartCapturing();
        using var decided = await RemediationRun.DecideAsync(hub, id, "approve", "rollback-config");
        Assert.True(decided.IsSuccessStatusCode, await decided.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var afterRun = await RemediationRun.WaitPastAsync(hub, id, "Executing");
        Assert.True(afterRun.GetProperty("phase").GetString() == "Verifying", afterRun.GetProperty("phaseReason") + "\n" + await RemediationRun.EventsAsync(hub, id));
        await fleet.WaitScenarioAsync(scenario, "recovered", 90);
        await AlertPayloads.PostAsync(hub.Http, AlertPayloads.Message("resolved", new Dictionary<string, string>
        {
            ["alertname"] = "KubePodCrashLooping",
            ["cluster"] = "prod-us-east",
            ["namespace"] = "prod",
            ["deployment"] = "checkout-service",
        }));
        rr = await RemediationRun.WaitTerminalAsync(hub, id);
        Assert.True(rr.GetProperty("phase").GetString() == "Completed", rr.ToString());

        var data = await fleet.Client("prod-us-east").CoreV1.ReadNamespacedConfigMapAsync("checkout-config", "prod", cancellationToken: TestContext.Current.CancellationToken);
        Assert.DoesNotContain("eviction: disabled", string.Join("\n", data.Data.Values));
        await leftovers.AssertNothingLeftAsync();
        await leftovers.AssertTokenRefusedAsync();
        await NoSecretAnywhereAsync(hub, id, logs, leftovers.Token!);
    }

    [Fact]
    public async Task ScaleStatefulSet_DbReplicasLostAfterDrainFromWords_ScenarioRecoversVerifiedAndNothingLeft()
    {
        var logs = new CapturedLogs();
        await using var hub = await fleet.StartHubAsync(logs);
        var scenario = await fleet.StartScenarioAsync("db-replicas-lost-after-drain", "prod-eu-west");
        await fleet.WaitScenarioAsync(scenario, "active");

        using var signal = await hub.Http.PostAsJsonAsync("/api/v1/signals", new
        {
            text = "The payment processing in prod-eu-west feels sluggish since this morning. Customers are complaining about timeouts at checkout.",
        }, TestContext.Current.CancellationToken);
        var opened = await signal.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(signal.IsSuccessStatusCode, opened.ToString());
        var id = opened.GetProperty("id").GetString()!;
        var rr = await hub.WaitForPhaseAsync(id, "AwaitingApproval");
        var options = rr.GetProperty("proposal").GetProperty("options").EnumerateArray().ToList();
        Assert.Equal("scale-statefulset", options[0].GetProperty("workflow").GetString());
        Assert.Equal("3", options[0].GetProperty("parameters").GetProperty("replicas").GetString());
        Assert.Contains(options, o => o.GetProperty("workflow").GetString() == "rollback-node-drain" && o.GetProperty("risk").GetString() == "medium");

        await using var leftovers = new Leftovers(fleet, "prod-eu-west", id, "prod");
        leftovers.StartCapturing();
        using var decided = await RemediationRun.DecideAsync(hub, id, "approve", "scale-statefulset");
        Assert.True(decided.IsSuccessStatusCode, await decided.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        rr = await RemediationRun.WaitTerminalAsync(hub, id);
        Assert.True(rr.GetProperty("phase").GetString() == "Completed", rr.GetProperty("phaseReason") + "\n" + await RemediationRun.EventsAsync(hub, id));
        await fleet.WaitScenarioAsync(scenario, "recovered", 90);
        var db = await fleet.Client("prod-eu-west").AppsV1.ReadNamespacedStatefulSetAsync("payment-db", "prod", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(3, db.Spec.Replicas);
        await leftovers.AssertNothingLeftAsync();
        await leftovers.AssertTokenRefusedAsync();
        await NoSecretAnywhereAsync(hub, id, logs, leftovers.Token!);
    }

    private async Task NoSecretAnywhereAsync(HubInstance hub, string id, CapturedLogs logs, string token)
    {
        Assert.DoesNotContain(token, string.Join("\n", logs.Lines));
        Assert.DoesNotContain(token, await RemediationRun.StoredAsync(fleet, id));
        Assert.DoesNotContain(token, await RemediationRun.EventsAsync(hub, id));
        Assert.DoesNotContain(token, await RemediationRun.AwxExtraVarsAsync(fleet));
        Assert.DoesNotContain(fleet.ApiToken, string.Join("\n", logs.Lines));
        _ = JsonDocument.Parse(await RemediationRun.StoredAsync(fleet, id));
    }
}
