using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kubernaut.Hub.Tests.Support;

namespace Kubernaut.Hub.Tests.Remediation;

public sealed class DeduplicationTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    [Fact]
    public async Task Receive_FiftyConcurrentIdenticalWebhooksAcrossTwoHubs_OneRequestCountingFifty()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = HubFixture.NewNamespace();
        var pod = await FleetObjects.EnsureDeploymentWithPodAsync(fleet.Client("prod-eu-west"), ns, "payment-gateway", ct);
        var audit = Path.Combine(Path.GetTempPath(), $"hub-audit-{Guid.NewGuid():N}.db");
        await using var first = await HubInstance.StartAsync(fleet, audit);
        await using var second = await HubInstance.StartAsync(fleet, audit);
        var body = AlertPayloads.Message("firing", AlertPayloads.PodAlert("prod-eu-west", ns, pod, "PaymentLatencyHigh"));
        using var start = new SemaphoreSlim(0);

        var sends = Enumerable.Range(0, 50).Select(async i =>
        {
            await start.WaitAsync(ct);
            var response = await AlertPayloads.PostAsync(i % 2 == 0 ? first.Http : second.Http, body);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("remediations")[0];
        }).ToList();
        start.Release(50);
        var receipts = await Task.WhenAll(sends);

        var ids = receipts.Select(r => r.GetProperty("id").GetString()).Distinct().ToList();
        Assert.Single(ids);
        Assert.Equal(1, receipts.Count(r => r.GetProperty("created").GetBoolean()));
        var list = await first.Http.GetFromJsonAsync<JsonElement>("/api/v1/remediations", ct);
        var mine = list.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("namespace").GetString() == ns).ToList();
        Assert.Single(mine);
        Assert.Equal(50, mine[0].GetProperty("occurrenceCount").GetInt32());
        Assert.Equal(Enumerable.Range(1, 50), receipts.Select(r => r.GetProperty("occurrenceCount").GetInt32()).Order());
    }

    [Fact]
    public async Task Receive_SignalAfterRequestClosedAndHoldOver_OpensNextRequestWithNewName()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = HubFixture.NewNamespace();
        var pod = await FleetObjects.EnsureDeploymentWithPodAsync(fleet.Client("staging"), ns, "search", ct);
        await using var hub = await HubInstance.StartAsync(fleet, null, "--TrustLadder:HoldPeriod", "00:00:00");
        var body = AlertPayloads.Message("firing", AlertPayloads.PodAlert("staging", ns, pod));

        var firstId = await PostAsync(hub, body);
        await hub.WaitForPhaseAsync(firstId, "Observed");
        var secondId = await PostAsync(hub, body);

        Assert.NotEqual(firstId, secondId);
        Assert.Equal(firstId[..15], secondId[..15]);
        Assert.Equal(1, (await hub.GetRemediationAsync(secondId)).GetProperty("occurrenceCount").GetInt32());
    }

    private static async Task<string> PostAsync(HubInstance hub, string body)
    {
        var response = await AlertPayloads.PostAsync(hub.Http, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("remediations")[0].GetProperty("id").GetString()!;
    }
}
