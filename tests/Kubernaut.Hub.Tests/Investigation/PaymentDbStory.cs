namespace Kubernaut.Hub.Tests.Investigation;

/// <summary>The seed's second story on prod-eu-west, staged as it tells it: p99 at 120 ms, the 07:55 drain, p99 at 2.4 s, the pool at 500/500.</summary>
internal static class PaymentDbStory
{
    private const string Gateway = "cluster=\"prod-eu-west\",service=\"payment-gateway\"";

    /// <summary>Starts <c>db-replicas-lost-after-drain</c> at 07:55 once the gateway is healthy, waits until the symptoms show, and returns the scenario id.</summary>
    public static async Task<string> BreakPaymentDbAsync(this InvestigationFleet fleet)
    {
        await Eventually2.ValueAsync(() => P99Async(fleet), v => v is not null && Math.Abs(v.Value - 0.12) < 0.005, "p99 at 120 ms before the drain", 90);
        var drainAround = fleet.Now.Date + new TimeSpan(7, 55, 0);
        if (fleet.Now < drainAround)
        {
            await fleet.PassAsync(drainAround - fleet.Now);
        }

        var scenario = await fleet.StartScenarioAsync("db-replicas-lost-after-drain");
        await fleet.WaitScenarioActiveAsync(scenario);
        await Eventually2.ValueAsync(() => P99Async(fleet), v => v > 2.39, "p99 at 2.4 s", 90);
        await Eventually2.ValueAsync(() => fleet.QueryAsync($"sum(db_client_connections_in_use{{{Gateway}}})"), v => v == 500, "the pool at 500/500");
        await fleet.PassAsync(TimeSpan.FromMinutes(3));
        return scenario;
    }

    private static Task<double?> P99Async(InvestigationFleet fleet) =>
        fleet.QueryAsync($"histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{{{Gateway}}}[1m])))");
}
