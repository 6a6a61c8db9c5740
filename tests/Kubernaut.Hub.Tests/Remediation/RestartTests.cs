using System.Text.Json;
using k8s;
using Kubernaut.Hub.Tests.Support;

namespace Kubernaut.Hub.Tests.Remediation;

/// <summary>A hub killed mid-lifecycle (SIGKILL) and its successor, sharing only the hub cluster, the audit file and the outside world.</summary>
public sealed class RestartTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    [Fact]
    public async Task KillHubWhileExecuting_NextHubFinishes_NoStageRepeated()
    {
        var ct = TestContext.Current.CancellationToken;
        var work = Directory.CreateTempSubdirectory("hub-restart-").FullName;
        var ledger = Path.Combine(work, "side-effects.jsonl");
        var hubNamespace = "restart-" + Guid.NewGuid().ToString("N")[..6];
        string[] args =
        [
            "--port", "0", "--kubeconfig", fleet.KubeconfigPath, "--context", "hub", "--namespace", hubNamespace,
            "--Audit:ConnectionString", $"Data Source={Path.Combine(work, "audit.db")}",
            "--Stages:Scripted:LedgerPath", ledger, "--Stages:Scripted:StepDuration", "00:00:05",
            "--LeaderElection:LeaseDuration", "00:00:03", "--LeaderElection:RenewDeadline", "00:00:02", "--LeaderElection:RetryPeriod", "00:00:00.250",
            "--Lifecycle:PollInterval", "00:00:00.200", "--Fleet:InventoryCacheTtl", "00:00:00",
            "--Identity:RequireAuthentication", "false", "--Investigation:Mode", "Scripted",
        ];
        await FleetObjects.SetTrustAsync(fleet.Client("hub"), "prod-eu-west", "L4", null, ct);
        var ns = HubFixture.NewNamespace();
        var pod = await FleetObjects.EnsureDeploymentWithPodAsync(fleet.Client("prod-eu-west"), ns, "payment-gateway", ct);

        string id;
        await using (var first = await HubProcess.StartAsync(args))
        {
            var response = await AlertPayloads.PostAsync(first.Http, AlertPayloads.Message("firing", AlertPayloads.PodAlert("prod-eu-west", ns, pod)));
            id = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("remediations")[0].GetProperty("id").GetString()!;
            await Eventually.TrueAsync(async () => Phase(await first.Http.GetStringAsync($"/api/v1/remediations/{id}", ct)) == "Executing",
                () => $"{id} never reached Executing:\n{first.Output}");
            await Eventually.TrueAsync(() => Task.FromResult(Effects(ledger).Any(e => e.Stage == "execute")), "the execution never started");
            await first.KillAsync();
        }

        var persisted = await fleet.Client("hub").CustomObjects.GetNamespacedCustomObjectAsync("kubernaut.ai", "v1alpha1", hubNamespace, "remediationrequests", id, ct);
        Assert.Equal("Executing", ((JsonElement)persisted).GetProperty("status").GetProperty("overallPhase").GetString());
        Assert.Contains(Effects(ledger), e => e.Stage == "execute");

        await using var second = await HubProcess.StartAsync(args);
        JsonElement rr = default;
        await Eventually.TrueAsync(async () =>
        {
            rr = JsonDocument.Parse(await second.Http.GetStringAsync($"/api/v1/remediations/{id}", ct)).RootElement;
            return Phase(rr) == "Completed";
        }, () => $"{id} never completed after the restart; last: {rr}\n{second.Output}", TimeSpan.FromSeconds(60));

        var effects = Effects(ledger).Where(e => e.Remediation == id).ToList();
        Assert.Equal(["execute", "investigate", "propose", "verify"], effects.Select(e => e.Stage).Order());
        Assert.Equal(effects.Count, effects.Select(e => e.Key).Distinct().Count());
        Assert.Equal(["Pending", "Investigating", "AwaitingDecision", "Executing", "Verifying", "Completed"],
            rr.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("phase").GetString()));
        var starts = (await AuditDataAsync(second, id, "stage")).Where(d => d.GetProperty("state").GetString() == "Started").Select(d => d.GetProperty("stage").GetString());
        Assert.Equal(["execute", "investigate", "propose", "verify"], starts.Order());

        // The audit trail tells the same story in the same order as the request's own record.
        var audited = (await AuditDataAsync(second, id, "transition")).Select(d => d.GetProperty("to").GetString());
        Assert.Equal(["Pending", "Investigating", "AwaitingDecision", "Executing", "Verifying", "Completed"], audited);
    }

    private static string? Phase(string json) => Phase(JsonDocument.Parse(json).RootElement);

    private static string? Phase(JsonElement rr) => rr.GetProperty("phase").GetString();

    private static List<(string Key, string Stage, string Remediation)> Effects(string ledger) =>
        [.. File.ReadAllLines(ledger).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => !e.GetProperty("Repeat").GetBoolean())
            .Select(e => (e.GetProperty("Key").GetString()!, e.GetProperty("Stage").GetString()!, e.GetProperty("Remediation").GetString()!))];

    /// <summary>The data of the request's audit entries of one kind, in chain order, read through its event stream.</summary>
    private static async Task<List<JsonElement>> AuditDataAsync(HubProcess hub, string id, string kind)
    {
        var body = await hub.Http.GetStringAsync($"/api/v1/remediations/{id}/events?follow=false", TestContext.Current.CancellationToken);
        return [.. body.Split("\n\n").Where(b => b.Contains($"event: {kind}\n", StringComparison.Ordinal))
            .Select(b => JsonDocument.Parse(b.Split('\n').First(l => l.StartsWith("data: ", StringComparison.Ordinal))[6..]).RootElement.GetProperty("data").Clone())];
    }
}
