using System.Net;
using Kubernaut.Hub.Tests.Support;

namespace Kubernaut.Hub.Tests.Events;

public sealed class RemediationEventsTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    private HubInstance Hub => fixture.Hub;

    [Fact]
    public async Task Events_FinishedRequest_ReplaysItsWholeHistoryInOrder()
    {
        var id = await OpenAsync("L1");
        await Hub.WaitForPhaseAsync(id, "Completed");

        var events = await ReadAsync($"/api/v1/remediations/{id}/events?follow=false", lastEventId: null);

        Assert.Equal("signal", events[0].Type);
        Assert.Equal(events.Select(e => e.Id).Order(), events.Select(e => e.Id));
        Assert.All(events, e => Assert.Equal(id, e.Data.GetProperty("remediationId").GetString()));
        Assert.Equal(["Pending", "Investigating", "AwaitingDecision", "Completed"],
            events.Where(e => e.Type == "transition").Select(e => e.Data.GetProperty("data").GetProperty("to").GetString()));
    }

    [Fact]
    public async Task Events_ReconnectWithLastEventId_GetsExactlyWhatFollowed()
    {
        var id = await OpenAsync("L1");
        await Hub.WaitForPhaseAsync(id, "Completed");
        var all = await ReadAsync($"/api/v1/remediations/{id}/events?follow=false", lastEventId: null);

        var resumed = await ReadAsync($"/api/v1/remediations/{id}/events?follow=false", lastEventId: all[2].Id);

        Assert.Equal(all.Skip(3).Select(e => e.Id), resumed.Select(e => e.Id));
    }

    [Fact]
    public async Task Events_OpenStream_DeliversLiveTransitionsAfterTheReplay()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = await OpenAsync("L3");
        await Hub.WaitForPhaseAsync(id, "AwaitingApproval");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        using var response = await Hub.Http.GetAsync($"/api/v1/remediations/{id}/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        await ReadUntilAsync(reader, "AwaitingApproval", timeout.Token);

        await Hub.DecideAsync(id, "approve");

        var live = await ReadUntilAsync(reader, "Completed", timeout.Token);
        Assert.Contains(live, e => e.Type == "decision" && e.Data.GetProperty("actor").GetString() == "anonymous");
        Assert.Equal(["Executing", "Verifying", "Completed"],
            live.Where(e => e.Type == "transition").Select(e => e.Data.GetProperty("data").GetProperty("to").GetString()));
    }

    [Fact]
    public async Task Events_UnknownRequest_Returns404()
    {
        var response = await Hub.Http.GetAsync("/api/v1/remediations/rr-000000000000-00000000/events", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<string> OpenAsync(string level)
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = HubFixture.NewNamespace();
        await FleetObjects.SetTrustAsync(fixture.Fleet.Client("hub"), "prod-us-east", level, null, ct);
        var pod = await FleetObjects.EnsureDeploymentWithPodAsync(fixture.Fleet.Client("prod-us-east"), ns, "events-demo", ct);
        return await Hub.AlertAsync("prod-us-east", ns, pod);
    }

    private async Task<List<SseEvent>> ReadAsync(string path, long? lastEventId)
    {
        var ct = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is { } last)
        {
            request.Headers.Add("Last-Event-ID", last.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using var response = await Hub.Http.SendAsync(request, ct);
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync(ct));
        return await reader.ReadAllAsync(ct);
    }

    private static async Task<List<SseEvent>> ReadUntilAsync(SseReader reader, string phase, CancellationToken ct)
    {
        var seen = new List<SseEvent>();
        while (await reader.NextAsync(ct) is { } e)
        {
            seen.Add(e);
            if (e.Type == "transition" && e.Data.GetProperty("data").GetProperty("to").GetString() == phase)
            {
                return seen;
            }
        }

        Assert.Fail($"the stream ended before {phase}");
        return seen;
    }
}
