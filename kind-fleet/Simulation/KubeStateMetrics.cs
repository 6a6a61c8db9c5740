using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Metrics;

namespace Kubernaut.KindFleet.Simulation;

/// <summary>kube-state-metrics' series for the cluster's objects (names and labels as kube-state-metrics v2 exposes them).</summary>
internal static class KubeStateMetrics
{
    private static readonly Resources.GroupResource Hpas = new("autoscaling", "horizontalpodautoscalers");

    public static void Container(GaugeWriter writer, LabelSet labels, JsonObject status)
    {
        writer.Set("kube_pod_container_status_restarts_total", labels, status.Long("restartCount") ?? 0);
        writer.Set("kube_pod_container_status_ready", labels, status.Bool("ready") == true ? 1 : 0);
        writer.Set("kube_pod_container_status_running", labels, status["state"]?["running"] is null ? 0 : 1);
        if (status["lastState"]?["terminated"].Str("reason") is { } last)
        {
            writer.Set("kube_pod_container_status_last_terminated_reason", labels.With("reason", last), 1);
        }

        if (status["state"]?["waiting"].Str("reason") is { } waiting)
        {
            writer.Set("kube_pod_container_status_waiting_reason", labels.With("reason", waiting), 1);
        }
    }

    public static void Export(SimulatedCluster cluster, GaugeWriter writer)
    {
        cluster.Store.Scan(Kinds.Deployments, null, d =>
        {
            var labels = WorkloadLabels.Object(cluster, d.Namespace(), "deployment", d.Name());
            writer.Set("kube_deployment_spec_replicas", labels, d["spec"].Long("replicas") ?? 1);
            writer.Set("kube_deployment_status_replicas_available", labels, d["status"].Long("availableReplicas") ?? 0);
            writer.Set("kube_deployment_status_replicas_unavailable", labels, d["status"].Long("unavailableReplicas") ?? 0);
        });
        cluster.Store.Scan(Kinds.StatefulSets, null, s =>
        {
            var labels = WorkloadLabels.Object(cluster, s.Namespace(), "statefulset", s.Name());
            writer.Set("kube_statefulset_replicas", labels, s["spec"].Long("replicas") ?? 1);
            writer.Set("kube_statefulset_status_replicas_ready", labels, s["status"].Long("readyReplicas") ?? 0);
        });
        cluster.Store.Scan(Kinds.Endpoints, null, e =>
        {
            var labels = WorkloadLabels.Object(cluster, e.Namespace(), "endpoint", e.Name());
            writer.Set("kube_endpoint_address_available", labels, e["subsets"].Objects().Sum(s => s["addresses"].Objects().Count()));
            writer.Set("kube_endpoint_address_not_ready", labels, e["subsets"].Objects().Sum(s => s["notReadyAddresses"].Objects().Count()));
        });
        cluster.Store.Scan(Kinds.Nodes, null, n =>
        {
            var labels = LabelSet.Of(("cluster", cluster.Name), ("node", n.Name()));
            writer.Set("kube_node_spec_unschedulable", labels, n["spec"].Bool("unschedulable") == true ? 1 : 0);
            foreach (var condition in n["status"]?["conditions"].Objects() ?? [])
            {
                foreach (var value in new[] { "true", "false", "unknown" })
                {
                    writer.Set("kube_node_status_condition", labels.With("condition", condition.Str("type") ?? "").With("status", value),
                        string.Equals(condition.Str("status"), value, StringComparison.OrdinalIgnoreCase) ? 1 : 0);
                }
            }
        });
        cluster.Store.Scan(Hpas, null, h =>
        {
            var labels = WorkloadLabels.Object(cluster, h.Namespace(), "horizontalpodautoscaler", h.Name());
            writer.Set("kube_horizontalpodautoscaler_spec_max_replicas", labels, h["spec"].Long("maxReplicas") ?? 1);
            writer.Set("kube_horizontalpodautoscaler_spec_min_replicas", labels, h["spec"].Long("minReplicas") ?? 1);
            writer.Set("kube_horizontalpodautoscaler_status_current_replicas", labels, h["status"].Long("currentReplicas") ?? 0);
            writer.Set("kube_horizontalpodautoscaler_status_desired_replicas", labels, h["status"].Long("desiredReplicas") ?? 0);
        });
        cluster.Store.Scan(Kinds.PersistentVolumeClaims, null, c =>
        {
            var labels = WorkloadLabels.Object(cluster, c.Namespace(), "persistentvolumeclaim", c.Name());
            var capacity = Quantity.Parse(c["status"]?["capacity"].Str("storage")) ?? 0;
            var used = Quantity.Parse(c.Metadata()["annotations"].Str(VolumeUsage.Annotation)) ?? capacity * 0.35;
            writer.Set("kubelet_volume_stats_capacity_bytes", labels, capacity);
            writer.Set("kubelet_volume_stats_used_bytes", labels, Math.Min(used, capacity));
            writer.Set("kubelet_volume_stats_available_bytes", labels, Math.Max(0, capacity - used));
        });
    }
}

/// <summary>How full a simulated volume is: the annotation on the claim stands in for the filesystem's usage.</summary>
internal static class VolumeUsage
{
    public const string Annotation = "kubernaut.ai/simulated-usage";
}
