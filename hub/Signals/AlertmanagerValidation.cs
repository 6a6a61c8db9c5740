using Kubernaut.Hub.Fleet;
using Kubernaut.Hub.Remediation;

namespace Kubernaut.Hub.Signals;

/// <summary>Checks the message's shape and turns each alert into a signal, or says why it cannot.</summary>
internal static class AlertmanagerValidation
{
    /// <summary>Alert labels that name the affected object, in the order they are preferred.</summary>
    private static readonly (string Label, string Kind)[] SubjectLabels =
    [
        ("deployment", "Deployment"), ("statefulset", "StatefulSet"), ("daemonset", "DaemonSet"), ("cronjob", "CronJob"),
        ("job", "Job"), ("job_name", "Job"), ("replicaset", "ReplicaSet"), ("pod", "Pod"),
    ];

    public static Dictionary<string, string[]> Validate(AlertmanagerMessage? message)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (message is null)
        {
            errors["body"] = ["the body must be an Alertmanager webhook message (a JSON object)"];
            return errors;
        }

        if (message.Version != "4")
        {
            errors["version"] = [$"unsupported payload version \"{message.Version}\"; this receiver implements Alertmanager webhook version \"4\""];
        }

        if (message.Status is not (SignalStates.Firing or SignalStates.Resolved))
        {
            errors["status"] = ["must be \"firing\" or \"resolved\""];
        }

        if (message.Alerts is null || message.Alerts.Count == 0)
        {
            errors["alerts"] = ["must hold at least one alert"];
        }
        else
        {
            for (var i = 0; i < message.Alerts.Count; i++)
            {
                var alert = message.Alerts[i];
                if (alert is null || alert.Labels is null || alert.Status is not (SignalStates.Firing or SignalStates.Resolved))
                {
                    errors[$"alerts[{i}]"] = ["each alert needs \"labels\" and a \"status\" of \"firing\" or \"resolved\""];
                }
            }
        }

        if (message.TruncatedAlerts is < 0)
        {
            errors["truncatedAlerts"] = ["must not be negative"];
        }

        return errors;
    }

    public static (Signal? Signal, string? Rejection) ToSignal(AlertmanagerMessage message, AlertmanagerAlert alert, string clusterLabel)
    {
        var labels = alert.Labels!;
        var name = labels.GetValueOrDefault("alertname") ?? "UnnamedAlert";
        if (!labels.TryGetValue(clusterLabel, out var cluster) || string.IsNullOrWhiteSpace(cluster))
        {
            return (null, $"alert has no \"{clusterLabel}\" label naming the managed cluster");
        }

        if (!labels.TryGetValue("namespace", out var ns) || string.IsNullOrWhiteSpace(ns))
        {
            return (null, "alert has no \"namespace\" label");
        }

        var subject = SubjectLabels.FirstOrDefault(s => !string.IsNullOrWhiteSpace(labels.GetValueOrDefault(s.Label)));
        if (subject.Label is null)
        {
            return (null, "alert names no workload: expected one of the labels " + string.Join(", ", SubjectLabels.Select(s => s.Label).Distinct()));
        }

        var annotations = alert.Annotations ?? [];
        return (new Signal
        {
            Cluster = cluster,
            Subject = new ObjectRef(WorkloadKinds.ApiVersion(subject.Kind), subject.Kind, ns, labels[subject.Label]),
            Name = name,
            Severity = labels.GetValueOrDefault("severity") ?? "unknown",
            Type = "alert",
            Source = "alertmanager",
            Actor = "alertmanager/" + (message.Receiver ?? "unknown-receiver"),
            State = alert.Status!,
            FiringTime = alert.StartsAt,
            Description = annotations.GetValueOrDefault("description") ?? annotations.GetValueOrDefault("summary"),
            Labels = labels,
            Annotations = annotations,
        }, null);
    }
}
