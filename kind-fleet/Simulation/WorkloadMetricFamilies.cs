using Kubernaut.KindFleet.Metrics;

namespace Kubernaut.KindFleet.Simulation;

/// <summary>The families the simulated exporters write, with the types and help texts of cAdvisor, kube-state-metrics and the apps.</summary>
internal static class WorkloadMetricFamilies
{
    private static readonly (string Name, MetricType Type, string Help)[] Families =
    [
        ("container_memory_working_set_bytes", MetricType.Gauge, "Current working set of the container in bytes"),
        ("container_spec_memory_limit_bytes", MetricType.Gauge, "Memory limit for the container."),
        ("container_cpu_usage_seconds_total", MetricType.Counter, "Cumulative cpu time consumed in seconds."),
        ("container_cpu_cfs_periods_total", MetricType.Counter, "Number of elapsed enforcement period intervals."),
        ("container_cpu_cfs_throttled_periods_total", MetricType.Counter, "Number of throttled period intervals."),
        ("kube_pod_container_status_restarts_total", MetricType.Counter, "The number of container restarts per container."),
        ("kube_pod_container_status_last_terminated_reason", MetricType.Gauge, "Describes the last reason the container was in terminated state."),
        ("kube_pod_container_status_waiting_reason", MetricType.Gauge, "Describes the reason the container is currently in waiting state."),
        ("kube_pod_container_status_ready", MetricType.Gauge, "Describes whether the containers readiness check succeeded."),
        ("kube_pod_container_status_running", MetricType.Gauge, "Describes whether the container is currently in running state."),
        ("http_requests_total", MetricType.Counter, "Total HTTP requests by status code."),
        ("http_request_duration_seconds", MetricType.Histogram, "HTTP request latency."),
    ];

    public static void Describe(IFleetMetrics metrics)
    {
        foreach (var (name, type, help) in Families)
        {
            metrics.Describe(name, type, help);
        }
    }
}
