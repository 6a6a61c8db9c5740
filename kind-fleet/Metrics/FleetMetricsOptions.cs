namespace Kubernaut.KindFleet.Metrics;

/// <summary>How the fleet samples its own metrics into the in-memory TSDB that the Thanos and Alertmanager stand-ins read.</summary>
internal sealed record FleetMetricsOptions
{
    /// <summary>Simulated time between two recordings (Prometheus' default is 1m; kube-prometheus uses 15–30 s). Zero disables the timer.</summary>
    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Record exactly what each <c>GET /metrics</c> serves, when it serves it, instead of on a timer.</summary>
    public bool RecordOnExposition { get; init; }

    public TimeSpan Retention { get; init; } = TimeSpan.FromHours(6);

    /// <summary>Labels a scraper adds to every series it stores (a real Prometheus adds <c>job</c>).</summary>
    public IReadOnlyDictionary<string, string> TargetLabels { get; init; } = new Dictionary<string, string> { ["job"] = "kind-fleet" };
}
