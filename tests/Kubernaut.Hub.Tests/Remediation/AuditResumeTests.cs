using System.Text.Json;
using Kubernaut.Hub.Tests.Support;

namespace Kubernaut.Hub.Tests.Remediation;

/// <summary>
/// Transitions are written to the request first and audited after; a successor audits what the request records and
/// the trail lacks. A hub on a fresh audit file sees the widest such gap; a hub on the complete one adds nothing.
/// </summary>
public sealed class AuditResumeTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    private static readonly string[] UpToApproval = ["Pending", "Investigating", "AwaitingDecision", "AwaitingApproval"];

    [Fact]
    public async Task Resume_TransitionsMissingFromAuditTrail_SuccessorRecordsThemOnceInOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        await FleetObjects.SetTrustAsync(fleet.Client("hub"), "staging", "L3", null, ct);
        var ns = HubFixture.NewNamespace();
        var pod = await FleetObjects.EnsureDeploymentWithPodAsync(fleet.Client("staging"), ns, "billing", ct);
        var complete = Path.Combine(Path.GetTempPath(), $"hub-audit-{Guid.NewGuid():N}.db");
        string id;
        await using (var first = await HubInstance.StartAsync(fleet, complete))
        {
            id = await first.AlertAsync("staging", ns, pod);
            await first.WaitForPhaseAsync(id, "AwaitingApproval");
            Assert.Equal(UpToApproval, await AuditedTransitionsAsync(first, id));
        }

        await using (var onEmptyTrail = await HubInstance.StartAsync(fleet, null))
        {
            var recovered = await Eventually.ValueAsync(() => AuditedTransitionsAsync(onEmptyTrail, id), t => t.Count >= UpToApproval.Length,
                "the successor to audit the request's transitions");
            Assert.Equal(UpToApproval, recovered);
            Assert.All(await TransitionReasonsAsync(onEmptyTrail, id), r => Assert.Contains("recorded on resume", r, StringComparison.Ordinal));
        }

        // Back on the complete trail the successor finds nothing missing: after the request has moved on, the trail holds
        // each of its transitions exactly once, in the request's order.
        await using var onCompleteTrail = await HubInstance.StartAsync(fleet, complete);
        var decided = await onCompleteTrail.DecideAsync(id, "approve");
        Assert.True(decided.IsSuccessStatusCode, await decided.Content.ReadAsStringAsync(ct));
        var done = await onCompleteTrail.WaitForPhaseAsync(id, "Completed");
        var recorded = done.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("phase").GetString()!).ToList();
        Assert.Equal(UpToApproval, recorded.Take(UpToApproval.Length));
        Assert.Equal(recorded, await AuditedTransitionsAsync(onCompleteTrail, id));
    }

    private static async Task<List<string>> AuditedTransitionsAsync(HubInstance hub, string id) =>
        [.. (await TransitionEntriesAsync(hub, id)).Select(e => e.GetProperty("data").GetProperty("to").GetString()!)];

    private static async Task<List<string>> TransitionReasonsAsync(HubInstance hub, string id) =>
        [.. (await TransitionEntriesAsync(hub, id)).Select(e => e.GetProperty("reason").GetString()!)];

    private static async Task<List<JsonElement>> TransitionEntriesAsync(HubInstance hub, string id)
    {
        var body = await hub.Http.GetStringAsync($"/api/v1/remediations/{id}/events?follow=false", TestContext.Current.CancellationToken);
        return [.. body.Split("\n\n").Where(b => b.Contains("event: transition\n", StringComparison.Ordinal))
            .Select(b => JsonDocument.Parse(b.Split('\n').First(l => l.StartsWith("data: ", StringComparison.Ordinal))[6..]).RootElement.Clone())];
    }
}
