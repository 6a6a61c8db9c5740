using System.Text.Json;
using Kubernaut.Hub.Tests.Support;

namespace Kubernaut.Hub.Tests.Investigation;

/// <summary>Keycloak down: the request waits (saying why, retrying with a growing backoff) and carries on when it returns.</summary>
public sealed partial class ProdEuWestInvestigationTests
{
    [Fact]
    public async Task Investigate_KeycloakDown_WaitsWithBackoffThenRecovers()
    {
        // A hub with a cold token cache (its REST front open, since the realm it would validate against is down).
        var hub = await fleet.StartHubAsync("--Identity:RequireAuthentication", "false");
        fleet.Issuer.TakeDown();
        string id;
        try
        {
            id = await fleet.AlertAsync(hub, "KubePodNotReady", "prod", "deployment", "payment-gateway");
            await Eventually.TrueAsync(async () => Waits(await InvestigationFleet.TranscriptAsync(hub, id)).Count >= 3, "three retries while Keycloak is down");
            var rr = await hub.GetRemediationAsync(id);
            Assert.Equal("Investigating", rr.GetProperty("phase").GetString());
            Assert.Contains("waiting for Keycloak", rr.GetProperty("phaseReason").GetString());
            Assert.Contains("503", rr.GetProperty("phaseReason").GetString());
            var delays = Waits(await InvestigationFleet.TranscriptAsync(hub, id)).Select(w => w.GetProperty("retryInSeconds").GetDouble()).ToList();
            Assert.True(delays.Zip(delays.Skip(1)).All(p => p.Second >= p.First) && delays[^1] > delays[0], $"backoff did not grow: {string.Join(", ", delays)}");
        }
        finally
        {
            fleet.Issuer.BringUp();
        }

        var investigation = await InvestigationFleet.InvestigatedAsync(hub, id);
        var narrative = InvestigationFleet.Narrative(await InvestigationFleet.TranscriptAsync(hub, id));
        Assert.Contains("Waiting for Keycloak", narrative);
        Assert.Contains("answer again", narrative);
        Assert.True(investigation.TryGetProperty("summary", out _));
        Assert.DoesNotContain("waiting for Keycloak", (await hub.GetRemediationAsync(id)).GetProperty("phaseReason").GetString());
    }

    private static List<JsonElement> Waits(IEnumerable<JsonElement> transcript) =>
        [.. transcript.Where(t => t.GetProperty("type").GetString() == "status" && t.TryGetProperty("waitingFor", out var w) && w.GetString() == "Keycloak")];
}
