namespace Kubernaut.KindFleet.Alerting;

/// <summary>The Alertmanager stand-in and its rule evaluator. Rules and routing can also be (re)loaded at run time.</summary>
internal sealed record FleetAlertingOptions
{
    /// <summary>How often (simulated time) rule groups without their own <c>interval</c> are evaluated.</summary>
    public TimeSpan EvaluationInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Alertmanager's <c>externalURL</c> in webhook payloads.</summary>
    public string ExternalUrl { get; init; } = "http://alertmanager.kind-fleet.local";

    /// <summary>The Prometheus base URL in alerts' <c>generatorURL</c>.</summary>
    public string PrometheusUrl { get; init; } = "http://prometheus.kind-fleet.local";

    /// <summary>Prometheus rule file content (groups[].rules[]), loaded at start.</summary>
    public string? RulesYaml { get; init; }

    /// <summary>alertmanager.yml content, loaded at start.</summary>
    public string? AlertmanagerYaml { get; init; }
}
