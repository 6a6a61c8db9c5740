using Kubernaut.KindFleet.Alerting;

namespace Kubernaut.KindFleet.Demo;

/// <summary>
/// The demo's monitoring: a Prometheus rule on the fleet's kube-state metrics (containers restarting after an OOM
/// kill) and an Alertmanager route that posts to the hub's receiver with its bearer token, resolved alerts included.
/// </summary>
internal static class DemoAlerting
{
    public static string Rules => """
        groups:
          - name: kubernaut-demo
            rules:
              - alert: KubePodOOMKilled
                expr: >-
                  max by (cluster, namespace, pod) (kube_pod_container_status_last_terminated_reason{reason="OOMKilled"})
                  and on (cluster, namespace, pod)
                  sum by (cluster, namespace, pod) (increase(kube_pod_container_status_restarts_total[3m])) > 0
                for: 30s
                labels:
                  severity: critical
                annotations:
                  summary: Container OOMKilled and restarting
        """;

    public static string Route(DemoSettings settings) => $"""
        route:
          receiver: kubernaut-hub
          group_by: [alertname, cluster, namespace]
          group_wait: 10s
          group_interval: 30s
          repeat_interval: 1h
        receivers:
          - name: kubernaut-hub
            webhook_configs:
              - url: {new Uri(settings.Http, "api/v1/signals/alertmanager")}
                send_resolved: true
                max_alerts: 50
                http_config:
                  authorization:
                    type: Bearer
                    credentials: {settings.ReceiverToken}
        """;

    public static void Apply(IServiceProvider services, DemoSettings settings)
    {
        services.GetRequiredService<RuleEvaluator>().LoadRules(Rules);
        services.GetRequiredService<AlertmanagerStandIn>().ApplyConfig(AlertmanagerConfig.Parse(Route(settings)));
    }
}
