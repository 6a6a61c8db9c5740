namespace Kubernaut.Hub.Thanos;

/// <summary>Which workload a query is about: its cluster and namespace, the container, and the Service its traffic carries.</summary>
internal sealed record WorkloadScope(string Cluster, string Namespace, string Workload, string Container, string? Service = null)
{
    public string ServiceName => Service ?? Workload;
}

/// <summary>
/// The PromQL for every symptom the investigation reads, in one place (cAdvisor, kube-state-metrics and the usual
/// application metrics: <c>http_request_duration_seconds</c>, <c>http_requests_total</c>, <c>db_client_connections_*</c>).
/// Label values are escaped; every query names the cluster, since Thanos sees the whole fleet.
/// </summary>
internal static class SymptomQueries
{
    public static string MemoryWorkingSet(WorkloadScope s) =>
        $"max(container_memory_working_set_bytes{{{Container(s)}}})";

    public static string MemoryLimit(WorkloadScope s) =>
        $"max(container_spec_memory_limit_bytes{{{Container(s)}}})";

    /// <summary>Working set against limit (1 = at the limit), the highest pod.</summary>
    public static string MemoryAgainstLimit(WorkloadScope s) =>
        $"max(container_memory_working_set_bytes{{{Container(s)}}} / container_spec_memory_limit_bytes{{{Container(s)}}})";

    public static string RestartsIncrease(WorkloadScope s, string window) =>
        $"sum(increase(kube_pod_container_status_restarts_total{{{Container(s)}}}[{window}]))";

    public static string Restarts(WorkloadScope s) =>
        $"sum(kube_pod_container_status_restarts_total{{{Container(s)}}})";

    public static string TerminatedBy(WorkloadScope s, string reason) =>
        $"sum(kube_pod_container_status_last_terminated_reason{{{Container(s)},reason=\"{Escape(reason)}\"}})";

    public static string LatencyQuantile(WorkloadScope s, double quantile, string window = "1m") =>
        $"histogram_quantile({quantile.ToString(System.Globalization.CultureInfo.InvariantCulture)}, sum by (le) (rate(http_request_duration_seconds_bucket{{{ServiceSel(s)}}}[{window}])))";

    public static string ErrorRatio(WorkloadScope s, string window = "1m") =>
        $"sum(rate(http_requests_total{{{ServiceSel(s)},code=~\"5..\"}}[{window}])) / sum(rate(http_requests_total{{{ServiceSel(s)}}}[{window}]))";

    public static string RequestRate(WorkloadScope s, string window = "1m") =>
        $"sum(rate(http_requests_total{{{ServiceSel(s)}}}[{window}]))";

    public static string ReadyReplicas(WorkloadScope s) =>
        $"count(kube_pod_container_status_ready{{{Container(s)}}} == 1)";

    public static string DeploymentDesired(WorkloadScope s) =>
        $"max(kube_deployment_spec_replicas{{cluster=\"{Escape(s.Cluster)}\",namespace=\"{Escape(s.Namespace)}\",deployment=\"{Escape(s.Workload)}\"}})";

    public static string StatefulSetReady(string cluster, string ns, string statefulSet) =>
        $"max(kube_statefulset_status_replicas_ready{{cluster=\"{Escape(cluster)}\",namespace=\"{Escape(ns)}\",statefulset=\"{Escape(statefulSet)}\"}})";

    public static string StatefulSetDesired(string cluster, string ns, string statefulSet) =>
        $"max(kube_statefulset_replicas{{cluster=\"{Escape(cluster)}\",namespace=\"{Escape(ns)}\",statefulset=\"{Escape(statefulSet)}\"}})";

    /// <summary>Connections in use per dependency pool, summed over the workload's pods.</summary>
    public static string PoolInUse(WorkloadScope s) => $"sum by (pool) (db_client_connections_in_use{{{ServiceSel(s)}}})";

    public static string PoolMax(WorkloadScope s) => $"sum by (pool) (db_client_connections_max{{{ServiceSel(s)}}})";

    public static string PoolPending(WorkloadScope s) => $"sum by (pool) (db_client_connections_pending_requests{{{ServiceSel(s)}}})";

    /// <summary>Share of CFS periods in which the containers were throttled (0..1).</summary>
    public static string CpuThrottledRatio(WorkloadScope s, string window = "1m") =>
        $"sum(rate(container_cpu_cfs_throttled_periods_total{{{Container(s)}}}[{window}])) / sum(rate(container_cpu_cfs_periods_total{{{Container(s)}}}[{window}]))";

    public static string HpaCurrent(WorkloadScope s) =>
        $"max(kube_horizontalpodautoscaler_status_current_replicas{{cluster=\"{Escape(s.Cluster)}\",namespace=\"{Escape(s.Namespace)}\",horizontalpodautoscaler=\"{Escape(s.Workload)}\"}})";

    public static string HpaMax(WorkloadScope s) =>
        $"max(kube_horizontalpodautoscaler_spec_max_replicas{{cluster=\"{Escape(s.Cluster)}\",namespace=\"{Escape(s.Namespace)}\",horizontalpodautoscaler=\"{Escape(s.Workload)}\"}})";

    public static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private static string Container(WorkloadScope s) =>
        $"cluster=\"{Escape(s.Cluster)}\",namespace=\"{Escape(s.Namespace)}\",container=\"{Escape(s.Container)}\"";

    private static string ServiceSel(WorkloadScope s) =>
        $"cluster=\"{Escape(s.Cluster)}\",namespace=\"{Escape(s.Namespace)}\",service=\"{Escape(s.ServiceName)}\"";
}
