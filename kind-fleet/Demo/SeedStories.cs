using System.Globalization;
using System.Text.Json;
using Kubernaut.Hub.Hosting;

namespace Kubernaut.KindFleet.Demo;

/// <summary>One seed story: the scenario that breaks the fleet, how the incident reaches the hub, and the operator's choice.</summary>
internal sealed record SeedStory(string Scenario, string Cluster, string Target, string Choice, string? Words);

/// <summary>
/// <c>demo --exit-when-done</c>: plays both seed stories end to end — breaks the fleet, lets the incident reach the
/// hub (story 1 through the alert chain, story 2 in an operator's words), approves the operator's choice with the
/// demo operator's Keycloak token, and waits for verification. Success only when both end Completed with
/// verification passed and no stage was a stand-in; otherwise it says which part is missing or what failed.
/// </summary>
internal sealed class SeedStories(DemoSettings settings, IServiceProvider services, TextWriter output)
{
    public static readonly SeedStory[] Stories =
    [
        new("oom-after-config-change", "prod-us-east", "checkout-service", "rollback-config", null),
        new("db-replicas-lost-after-drain", "prod-eu-west", "payment-gateway", "scale-statefulset",
            "The payment processing in prod-eu-west feels sluggish since this morning. Customers are complaining about timeouts at checkout."),
    ];

    private static readonly TimeSpan StoryTimeout = TimeSpan.FromMinutes(8);

    public async Task<int> PlayAsync(CancellationToken ct)
    {
        var standIns = KubernautHubExtensions.ScriptedStages(services);
        if (standIns.Count > 0)
        {
            Say($"stage(s) not available in this build, answered by the scripted stand-in: {string.Join(", ", standIns)}. The loop runs as far as the parts allow; the demo cannot pass.");
        }

        using var http = new HttpClient(new DemoOperatorToken(settings.Http)) { BaseAddress = settings.Http, Timeout = TimeSpan.FromSeconds(30) };
        var results = await Task.WhenAll(Stories.Select(s => PlayAsync(http, s, ct)));
        foreach (var (story, ok, why) in results)
        {
            Say($"{(ok ? "PASSED" : "FAILED")} {story.Scenario} on {story.Cluster}: {why}");
        }

        if (standIns.Count > 0)
        {
            Say($"FAILED: missing stage(s) {string.Join(", ", standIns)} (scripted stand-in used); not a real end-to-end run");
            return 3;
        }

        return results.All(r => r.Ok) ? 0 : 1;
    }

    private async Task<(SeedStory Story, bool Ok, string Why)> PlayAsync(HttpClient http, SeedStory story, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + StoryTimeout;
        try
        {
            using (var started = await http.PostAsJsonAsync("sim/v1/scenarios", new { name = story.Scenario, cluster = story.Cluster }, ct))
            {
                if (!started.IsSuccessStatusCode)
                {
                    return (story, false, "the scenario did not start: " + await started.Content.ReadAsStringAsync(ct));
                }
            }

            Say($"{story.Scenario} started on {story.Cluster}");
            string? id = null;
            if (story.Words is { } words)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/signals") { Content = JsonContent.Create(new { text = words }) };
                await WaitAsync(async () => (await ScenarioStateAsync(http, story, ct)) == "active", deadline, ct);
                Say($"operator: \"{words}\"");
                using var signal = await http.SendAsync(request, ct);
                var body = await signal.Content.ReadAsStringAsync(ct);
                if (!signal.IsSuccessStatusCode)
                {
                    return (story, false, $"the hub refused the signal ({(int)signal.StatusCode}): {body}");
                }

                id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString();
            }
            else
            {
                Say($"waiting for the alert chain (Prometheus rule → Alertmanager → hub) to open a request on {story.Target}");
                await WaitAsync(async () => (id = await FindAsync(http, story, ct)) is not null, deadline, ct);
            }

            var rr = await WaitPhaseAsync(http, id!, p => p is "AwaitingApproval" or "Completed" or "Failed" or "Cancelled" or "Observed", deadline, ct);
            if (rr.GetProperty("phase").GetString() != "AwaitingApproval")
            {
                return (story, false, $"{id} did not ask for approval: {rr.GetProperty("phase")} ({rr.GetProperty("phaseReason")})");
            }

            foreach (var option in rr.GetProperty("proposal").GetProperty("options").EnumerateArray())
            {
                Say($"{id} option {option.GetProperty("workflow")} · confidence {option.GetProperty("confidence").GetDouble().ToString("P0", CultureInfo.InvariantCulture)} · risk {option.GetProperty("risk")} · {option.GetProperty("description")}");
            }

            Say($"operator: go with {story.Choice}");
            using (var decide = new HttpRequestMessage(HttpMethod.Post, $"api/v1/remediations/{id}/decision")
            {
                Content = JsonContent.Create(new { decision = "approve", workflow = story.Choice, reason = "operator's choice, as in the seed" }),
            })
            {
                using var decided = await http.SendAsync(decide, ct);
                if (!decided.IsSuccessStatusCode)
                {
                    return (story, false, $"the decision was refused ({(int)decided.StatusCode} {decided.ReasonPhrase}): {await decided.Content.ReadAsStringAsync(ct)} {decided.Headers.WwwAuthenticate}");
                }
            }

            rr = await WaitPhaseAsync(http, id!, p => p is "Completed" or "Failed" or "Cancelled", deadline, ct);
            var passed = rr.GetProperty("phase").GetString() == "Completed"
                && rr.TryGetProperty("verification", out var v) && v.ValueKind == JsonValueKind.Object && v.GetProperty("passed").GetBoolean();
            return (story, passed, $"{id} {rr.GetProperty("phase")}: {rr.GetProperty("phaseReason")}");
        }
        catch (Exception e) when (e is TimeoutException or HttpRequestException or JsonException)
        {
            return (story, false, e.Message);
        }
    }

    private async Task<string?> FindAsync(HttpClient http, SeedStory story, CancellationToken ct)
    {
        var list = await http.GetFromJsonAsync<JsonElement>($"api/v1/remediations?cluster={story.Cluster}", ct);
        return list.GetProperty("items").EnumerateArray()
            .Where(r => r.GetProperty("target").GetProperty("name").GetString() == story.Target)
            .Select(r => r.GetProperty("id").GetString())
            .FirstOrDefault();
    }

    private static async Task<string> ScenarioStateAsync(HttpClient http, SeedStory story, CancellationToken ct)
    {
        var all = await http.GetFromJsonAsync<JsonElement>("sim/v1/scenarios", ct);
        return all.GetProperty("runs").EnumerateArray().LastOrDefault(r => r.GetProperty("name").GetString() == story.Scenario) is { ValueKind: JsonValueKind.Object } run
            ? run.GetProperty("state").GetString() ?? ""
            : "";
    }

    private static async Task<JsonElement> WaitPhaseAsync(HttpClient http, string id, Func<string, bool> done, DateTimeOffset deadline, CancellationToken ct)
    {
        JsonElement rr = default;
        await WaitAsync(async () => done((rr = await http.GetFromJsonAsync<JsonElement>($"api/v1/remediations/{id}", ct)).GetProperty("phase").GetString()!), deadline, ct,
            () => $"{id} stuck in {rr.GetProperty("phase")}: {rr.GetProperty("phaseReason")}");
        return rr;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, DateTimeOffset deadline, CancellationToken ct, Func<string>? why = null)
    {
        while (DateTimeOffset.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // The hub or the fleet is busy starting: try again.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }

        throw new TimeoutException(why?.Invoke() ?? "timed out");
    }

    private void Say(string text)
    {
        lock (output)
        {
            output.WriteLine("demo: " + text);
        }
    }
}
