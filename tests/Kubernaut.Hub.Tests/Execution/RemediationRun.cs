using System.Net.Http.Json;
using System.Text.Json;
using k8s;
using Kubernaut.Hub.Tests.Support;

namespace Kubernaut.Hub.Tests.Execution;

/// <summary>Test steps shared by the remediation suites: open a request on a workload, decide, wait, collect its story.</summary>
public static class RemediationRun
{
    /// <summary>An alert on one of the workload's pods; returns the request id once it awaits approval.</summary>
    public static async Task<string> OpenAsync(RemediationFleetFixture fleet, HubInstance hub, string cluster, string ns, string app, string alert = "KubePodCrashLooping")
    {
        var pods = await fleet.Client(cluster).CoreV1.ListNamespacedPodAsync(ns, labelSelector: "app=" + app, cancellationToken: TestContext.Current.CancellationToken);
        var pod = pods.Items.First(p => p.Metadata.DeletionTimestamp is null).Metadata.Name;
        var id = await hub.AlertAsync(cluster, ns, pod, alert);
        var opened = await hub.GetRemediationAsync(id);
        // A request left open by an earlier test on the same workload would absorb the alert: say so plainly.
        Assert.True(opened.GetProperty("phase").GetString() is "Pending" or "Investigating" or "AwaitingDecision" or "AwaitingApproval",
            $"the alert was counted on a request already past approval instead of opening one: {opened}");
        await hub.WaitForPhaseAsync(id, "AwaitingApproval");
        return id;
    }

    public static async Task<HttpResponseMessage> DecideAsync(HubInstance hub, string id, string decision, string? workflow = null, Dictionary<string, string>? parameters = null) =>
        await hub.Http.PostAsJsonAsync($"/api/v1/remediations/{id}/decision", new { decision, workflow, parameters, reason = "operator choice in a test" },
            TestContext.Current.CancellationToken);

    /// <summary>Waits (up to <paramref name="seconds"/>) until the request ends; returns it.</summary>
    public static async Task<JsonElement> WaitTerminalAsync(HubInstance hub, string id, int seconds = 120)
    {
        JsonElement rr = default;
        await Eventually.TrueAsync(async () =>
        {
            rr = await hub.GetRemediationAsync(id);
            return rr.GetProperty("phase").GetString() is "Completed" or "Failed" or "Cancelled";
        }, () => $"{id} never finished; last: {rr}", TimeSpan.FromSeconds(seconds));
        return rr;
    }

    /// <summary>Waits until the request has left <paramref name="phase"/> (and every phase before it); returns it.</summary>
    public static async Task<JsonElement> WaitPastAsync(HubInstance hub, string id, string phase, int seconds = 120)
    {
        string[] order = ["Pending", "Investigating", "AwaitingDecision", "AwaitingApproval", "Blocked", "Executing"];
        var upTo = Array.IndexOf(order, phase);
        JsonElement rr = default;
        await Eventually.TrueAsync(async () =>
        {
            rr = await hub.GetRemediationAsync(id);
            return Array.IndexOf(order, rr.GetProperty("phase").GetString()) is var i && (i < 0 || i > upTo);
        }, () => $"{id} never left {phase}; last: {rr}", TimeSpan.FromSeconds(seconds));
        return rr;
    }

    /// <summary>The request's whole audit history as its SSE stream gives it (raw text).</summary>
    public static async Task<string> EventsAsync(HubInstance hub, string id) =>
        await hub.Http.GetStringAsync($"/api/v1/remediations/{id}/events?follow=false", TestContext.Current.CancellationToken);

    /// <summary>The RemediationRequest object as stored on the hub (status included), raw.</summary>
    public static async Task<string> StoredAsync(RemediationFleetFixture fleet, string id) =>
        JsonSerializer.Serialize(await fleet.Client("hub").CustomObjects.GetNamespacedCustomObjectAsync("kubernaut.ai", "v1alpha1", "kubernaut-system", "remediationrequests", id,
            TestContext.Current.CancellationToken));

    /// <summary>The extra_vars of every AWX job, as AWX stored them.</summary>
    public static async Task<string> AwxExtraVarsAsync(RemediationFleetFixture fleet)
    {
        using var awx = new HttpClient { BaseAddress = fleet.BaseAddress };
        awx.DefaultRequestHeaders.Authorization = new("Bearer", fleet.ApiToken);
        var jobs = JsonDocument.Parse(await awx.GetStringAsync("api/v2/jobs/?page_size=200", TestContext.Current.CancellationToken)).RootElement;
        return string.Join("\n", jobs.GetProperty("results").EnumerateArray().Select(j => j.GetProperty("extra_vars").GetString()));
    }
}
