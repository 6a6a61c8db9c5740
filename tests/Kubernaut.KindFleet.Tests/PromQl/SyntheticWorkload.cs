using Kubernaut.KindFleet.Metrics;

namespace Kubernaut.KindFleet.Tests.PromQl;

/// <summary>
/// Writes cAdvisor / kube-state-metrics style series that change step by step: counters that grow (and once reset),
/// gauges that move, a latency histogram, a pod that disappears (staleness) and one that appears.
/// </summary>
internal static class SyntheticWorkload
{
    private const double Mi = 1024 * 1024;

    public static void Describe(IFleetMetrics m)
    {
        m.Describe("container_memory_working_set_bytes", MetricType.Gauge, "Current working set of the container in bytes");
        m.Describe("container_spec_memory_limit_bytes", MetricType.Gauge, "Memory limit for the container.");
        m.Describe("kube_pod_container_status_restarts_total", MetricType.Counter, "The number of container restarts per container.");
        m.Describe("kube_pod_container_status_last_terminated_reason", MetricType.Gauge, "Describes the last reason the container was in terminated state.");
        m.Describe("kube_statefulset_status_replicas_ready", MetricType.Gauge, "The number of ready replicas per StatefulSet.");
        m.Describe("kube_statefulset_status_replicas", MetricType.Gauge, "The number of replicas per StatefulSet.");
        m.Describe("kube_deployment_status_replicas_available", MetricType.Gauge, "The number of available replicas per deployment.");
        m.Describe("kube_pod_info", MetricType.Gauge, "Information about pod.");
        m.Describe("http_request_duration_seconds", MetricType.Histogram, "HTTP request latency \"by\" route\\handler", [0.05, 0.1, 0.25, 0.5, 1, 2.5]);
    }

    public static LabelSet Pod(string cluster, string ns, string pod, string container = "app") =>
        LabelSet.Of(("cluster", cluster), ("namespace", ns), ("pod", pod), ("container", container));

    /// <summary>The state after tick <paramref name="i"/> (0-based); call once per tick, in order.</summary>
    public static void Tick(IFleetMetrics m, int i)
    {
        var c0 = Pod("prod-us-east", "checkout", "checkout-0");
        var c1 = Pod("prod-us-east", "checkout", "checkout-1");
        var c2 = Pod("prod-us-east", "checkout", "checkout-2");
        var c3 = Pod("prod-us-east", "checkout", "checkout-3");
        var db = Pod("prod-eu-west", "payments", "payment-db-0", "postgres");

        m.Set("container_memory_working_set_bytes", c0, (300 * Mi) + (i * 3 * Mi));
        m.Set("container_memory_working_set_bytes", c1, (450 * Mi) + (i % 7 * 10 * Mi));
        m.Set("container_memory_working_set_bytes", db, 1024 * Mi);
        foreach (var p in new[] { c0, c1, c2, c3 })
        {
            m.Set("container_spec_memory_limit_bytes", p, 512 * Mi);
        }

        m.Set("container_spec_memory_limit_bytes", db, 2048 * Mi);
        if (i < 25)
        {
            m.Set("container_memory_working_set_bytes", c2, 200 * Mi);
        }
        else
        {
            m.Remove("container_memory_working_set_bytes", c2);
        }

        if (i >= 15)
        {
            m.Set("container_memory_working_set_bytes", c3, (100 * Mi) + (i * Mi));
        }

        m.Add("kube_pod_container_status_restarts_total", c0, i % 3 == 0 ? 1 : 0);
        if (i == 30)
        {
            m.Set("kube_pod_container_status_restarts_total", c1, 0);
        }
        else
        {
            m.Add("kube_pod_container_status_restarts_total", c1, i % 5 == 0 ? 2 : 0);
        }

        m.Set("kube_pod_container_status_last_terminated_reason", c0.With("reason", "OOMKilled"), i % 10 < 5 ? 1 : 0);
        m.Set("kube_pod_container_status_last_terminated_reason", c1.With("reason", "Error"), 1);

        var sts = LabelSet.Of(("cluster", "prod-eu-west"), ("namespace", "payments"), ("statefulset", "payment-db"));
        m.Set("kube_statefulset_status_replicas", sts, 3);
        m.Set("kube_statefulset_status_replicas_ready", sts, i < 20 ? 3 : 1);
        m.Set("kube_deployment_status_replicas_available", LabelSet.Of(("cluster", "prod-us-east"), ("namespace", "checkout"), ("deployment", "checkout-service")), i % 4 == 0 ? 2 : 3);
        m.Set("kube_deployment_status_replicas_available", LabelSet.Of(("cluster", "prod-eu-west"), ("namespace", "payments"), ("deployment", "payment-gateway")), 4);
        m.Set("kube_pod_info", LabelSet.Of(("cluster", "prod-us-east"), ("namespace", "checkout"), ("pod", "checkout-0"), ("node", "node-a")), 1);
        m.Set("kube_pod_info", LabelSet.Of(("cluster", "prod-us-east"), ("namespace", "checkout"), ("pod", "checkout-1"), ("node", "node-b")), 1);

        var checkout = LabelSet.Of(("cluster", "prod-us-east"), ("namespace", "checkout"), ("route", "/cart"));
        var payment = LabelSet.Of(("cluster", "prod-eu-west"), ("namespace", "payments"), ("route", "/pay"));
        m.Observe("http_request_duration_seconds", checkout, 0.02, (i % 5) + 1);
        m.Observe("http_request_duration_seconds", checkout, 0.3, i % 3);
        m.Observe("http_request_duration_seconds", checkout, 2.0, i % 2);
        m.Observe("http_request_duration_seconds", payment, i < 20 ? 0.12 : 2.4, 3);
        m.Observe("http_request_duration_seconds", payment, 0.07, 2);
    }
}
