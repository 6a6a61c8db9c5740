using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using k8s;
using Kubernaut.Hub.Signals;
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

        var receipts = await SendConcurrentlyAsync([first, second], body, 50);

        var id = Assert.Single(receipts.Select(r => r.GetProperty("id").GetString()).Distinct());
        Assert.Equal(1, receipts.Count(r => r.GetProperty("created").GetBoolean()));
        Assert.All(receipts, r => Assert.InRange(r.GetProperty("occurrenceCount").GetInt32(), 1, 50));
        var mine = await RequestsInAsync(first, ns);
        Assert.Single(mine);

        // Repeats may be counted in memory by either hub: the stored count reaches exactly 50 within a flush interval,
        // and writing out whatever is left on both hubs adds nothing more.
        await WaitForCountAsync(first, id!, 50);
        await first.Service<SignalIntake>().FlushAllAsync(ct);
        await second.Service<SignalIntake>().FlushAllAsync(ct);
        Assert.Equal(50, (await first.GetRemediationAsync(id!)).GetProperty("occurrenceCount").GetInt32());
    }

    [Fact]
    public async Task Receive_FiftyConcurrentWebhooksAcrossTwoHubsWithoutCoalescing_ReceiptsCountOneToFifty()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = HubFixture.NewNamespace();
        var pod = await FleetObjects.EnsureDeploymentWithPodAsync(fleet.Client("prod-eu-west"), ns, "payment-gateway", ct);
        var audit = Path.Combine(Path.GetTempPath(), $"hub-audit-{Guid.NewGuid():N}.db");
        await using var first = await HubInstance.StartAsync(fleet, audit, "--Signals:OccurrenceFlushInterval", "00:00:00");
        await using var second = await HubInstance.StartAsync(fleet, audit, "--Signals:OccurrenceFlushInterval", "00:00:00");
        var body = AlertPayloads.Message("firing", AlertPayloads.PodAlert("prod-eu-west", ns, pod, "PaymentLatencyHigh"));

        var receipts = await SendConcurrentlyAsync([first, second], body, 50);

        Assert.Single(receipts.Select(r => r.GetProperty("id").GetString()).Distinct());
        Assert.Equal(1, receipts.Count(r => r.GetProperty("created").GetBoolean()));
        Assert.DoesNotContain(receipts, r => r.GetProperty("coalesced").GetBoolean());
        var mine = await RequestsInAsync(first, ns);
        Assert.Equal(50, Assert.Single(mine).GetProperty("occurrenceCount").GetInt32());
        Assert.Equal(Enumerable.Range(1, 50), receipts.Select(r => r.GetProperty("occurrenceCount").GetInt32()).Order());
    }

    [Fact]
    public async Task Receive_BurstsOfGroupedRepeatsOnTwoHubs_CoalescedCountReachesExactlyTheNumberSent()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = HubFixture.NewNamespace();
        var pod = await FleetObjects.EnsureDeploymentWithPodAsync(fleet.Client("prod-us-east"), ns, "cart-service", ct);
        var audit = Path.Combine(Path.GetTempPath(), $"hub-audit-{Guid.NewGuid():N}.db");
        await using var first = await HubInstance.StartAsync(fleet, audit, "--Signals:OccurrenceFlushInterval", "00:00:00.200");
        await using var second = await HubInstance.StartAsync(fleet, audit, "--Signals:OccurrenceFlushInterval", "00:00:00.200");
        var alert = AlertPayloads.PodAlert("prod-us-east", ns, pod, "CartErrors");
        var grouped = AlertPayloads.Message("firing", alert, alert, alert, alert, alert);
        var id = await PostAsync(first, AlertPayloads.Message("firing", alert));

        var receipts = new List<JsonElement>();
        for (var round = 0; round < 8; round++)
        {
            receipts.AddRange(await SendConcurrentlyAsync([first, second], grouped, 10));
        }

        Assert.Equal(400, receipts.Sum(r => r.GetProperty("alerts").GetInt32()));
        Assert.All(receipts, r => Assert.Equal(id, r.GetProperty("id").GetString()));
        Assert.Contains(receipts, r => r.GetProperty("coalesced").GetBoolean());
        await WaitForCountAsync(first, id, 401);
        await first.Service<SignalIntake>().FlushAllAsync(ct);
        await second.Service<SignalIntake>().FlushAllAsync(ct);
        Assert.Equal(401, (await first.GetRemediationAsync(id)).GetProperty("occurrenceCount").GetInt32());
        Assert.Single(await RequestsInAsync(first, ns));
    }

    [Fact]
    public async Task Stop_WithRepeatsCountedInMemory_WritesEveryOneBeforeExiting()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = HubFixture.NewNamespace();
        var pod = await FleetObjects.EnsureDeploymentWithPodAsync(fleet.Client("staging"), ns, "search", ct);
        var body = AlertPayloads.Message("firing", AlertPayloads.PodAlert("staging", ns, pod));
        string id;
        await using (var hub = await HubInstance.StartAsync(fleet, null, "--Signals:OccurrenceFlushInterval", "00:01:00"))
        {
            id = await PostAsync(hub, body);
            var repeats = await SendConcurrentlyAsync([hub], body, 30);
            Assert.All(repeats, r => Assert.True(r.GetProperty("coalesced").GetBoolean(), $"not coalesced: {r}"));
            Assert.Equal(31, repeats.Max(r => r.GetProperty("occurrenceCount").GetInt32()));
            Assert.Equal(1, (await hub.GetRemediationAsync(id)).GetProperty("occurrenceCount").GetInt32());
        }

        var stored = (JsonElement)await fleet.Client("hub").CustomObjects.GetNamespacedCustomObjectAsync(
            "kubernaut.ai", "v1alpha1", "kubernaut-system", "remediationrequests", id, cancellationToken: ct);
        Assert.Equal(31, stored.GetProperty("status").GetProperty("deduplication").GetProperty("occurrenceCount").GetInt32());
    }

    [Fact]
    public async Task Receive_ResolvedAfterCoalescedRepeats_CountsThemAndStaysResolved()
    {
        var ns = HubFixture.NewNamespace();
        var pod = await FleetObjects.EnsureDeploymentWithPodAsync(fleet.Client("staging"), ns, "indexer", TestContext.Current.CancellationToken);
        var alert = AlertPayloads.PodAlert("staging", ns, pod);
        await using var hub = await HubInstance.StartAsync(fleet, null, "--Signals:OccurrenceFlushInterval", "00:01:00");
        var id = await PostAsync(hub, AlertPayloads.Message("firing", alert));
        await SendConcurrentlyAsync([hub], AlertPayloads.Message("firing", alert), 5);

        Assert.Equal(id, await PostAsync(hub, AlertPayloads.Message("resolved", alert)));

        var rr = await hub.GetRemediationAsync(id);
        Assert.Equal(6, rr.GetProperty("occurrenceCount").GetInt32());
        Assert.Equal("resolved", rr.GetProperty("signal").GetProperty("state").GetString());
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

    /// <summary>Posts <paramref name="count"/> copies of the body at once, alternating hubs; every receipt item of every answer.</summary>
    private static async Task<JsonElement[]> SendConcurrentlyAsync(HubInstance[] hubs, string body, int count)
    {
        var ct = TestContext.Current.CancellationToken;
        using var start = new SemaphoreSlim(0);
        var sends = Enumerable.Range(0, count).Select(async i =>
        {
            await start.WaitAsync(ct);
            var response = await AlertPayloads.PostAsync(hubs[i % hubs.Length].Http, body);
            var receipt = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"webhook refused: {receipt}");
            return receipt.GetProperty("remediations").EnumerateArray().ToArray();
        }).ToList();
        start.Release(count);
        return [.. (await Task.WhenAll(sends)).SelectMany(items => items)];
    }

    private static async Task<List<JsonElement>> RequestsInAsync(HubInstance hub, string ns)
    {
        var list = await hub.Http.GetFromJsonAsync<JsonElement>("/api/v1/remediations", TestContext.Current.CancellationToken);
        return [.. list.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("namespace").GetString() == ns)];
    }

    private static Task<int> WaitForCountAsync(HubInstance hub, string id, int count) =>
        Eventually.ValueAsync(async () => (await hub.GetRemediationAsync(id)).GetProperty("occurrenceCount").GetInt32(), c => c == count,
            $"{id} to count exactly {count} occurrences");

    private static async Task<string> PostAsync(HubInstance hub, string body)
    {
        var response = await AlertPayloads.PostAsync(hub.Http, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("remediations")[0].GetProperty("id").GetString()!;
    }
}
