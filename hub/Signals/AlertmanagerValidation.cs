using System.Text;
using System.Text.Json;
using Kubernaut.Hub.Fleet;
using Kubernaut.Hub.Remediation;

namespace Kubernaut.Hub.Signals;

/// <summary>The alert, its state and the object it names (a Pod, a Deployment, …) on the cluster it names.</summary>
internal sealed record AlertSubject(string Cluster, ObjectRef Object, string AlertName, string State);

/// <summary>The alert label that names the managed cluster (<c>Signals:ClusterLabel</c>), also as UTF-8 for lookups.</summary>
internal sealed record ClusterLabel(string Name)
{
    public byte[] Utf8 { get; } = Encoding.UTF8.GetBytes(Name);
}

/// <summary>Checks the message's shape and turns each alert into a signal, or says why it cannot.</summary>
internal static class AlertmanagerValidation
{
    /// <summary>Alert labels that name the affected object, in the order they are preferred.</summary>
    private static readonly (byte[] Label, string Kind, string ApiVersion)[] SubjectLabels =
    [
        .. new[]
        {
            ("deployment", "Deployment"), ("statefulset", "StatefulSet"), ("daemonset", "DaemonSet"), ("cronjob", "CronJob"),
            ("job", "Job"), ("job_name", "Job"), ("replicaset", "ReplicaSet"), ("pod", "Pod"),
        }.Select(s => (Encoding.UTF8.GetBytes(s.Item1), s.Item2, WorkloadKinds.ApiVersion(s.Item2))),
    ];

    private static readonly string SubjectLabelList = string.Join(", ", SubjectLabels.Select(s => Encoding.UTF8.GetString(s.Label)).Distinct());

    private static readonly string[] MessageStringMaps = ["groupLabels", "commonLabels", "commonAnnotations"];

    private static readonly (byte[] Utf8, string Name)[] AlertTimes = [("startsAt"u8.ToArray(), "startsAt"), ("endsAt"u8.ToArray(), "endsAt")];

    public static Dictionary<string, string[]> Validate(AlertmanagerWebhook message)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!message.IsObject)
        {
            errors["body"] = ["the body must be an Alertmanager webhook message (a JSON object)"];
            return errors;
        }

        if (message.Version != "4")
        {
            var sent = message.Root.TryGetProperty("version"u8, out var version) ? version.GetRawText() : "none";
            errors["version"] = [$"unsupported payload version {sent}; this receiver implements Alertmanager webhook version \"4\""];
        }

        if (message.Status is not (SignalStates.Firing or SignalStates.Resolved))
        {
            errors["status"] = ["must be \"firing\" or \"resolved\""];
        }

        foreach (var map in MessageStringMaps)
        {
            if (message.Root.TryGetProperty(map, out var value) && !IsStringMapOrNull(value))
            {
                errors[map] = ["must be an object whose values are strings"];
            }
        }

        if (message.AlertsElement is not { ValueKind: JsonValueKind.Array } alerts || alerts.GetArrayLength() == 0)
        {
            errors["alerts"] = ["must hold at least one alert"];
        }
        else
        {
            var i = 0;
            foreach (var alert in alerts.EnumerateArray())
            {
                if (AlertError(alert) is { } error)
                {
                    errors[$"alerts[{i}]"] = [error];
                }

                i++;
            }
        }

        if (message.TruncatedAlertsElement is { ValueKind: not JsonValueKind.Null } truncated
            && !(truncated.ValueKind == JsonValueKind.Number && truncated.TryGetInt32(out var count) && count >= 0))
        {
            errors["truncatedAlerts"] = ["must be a non-negative integer"];
        }

        return errors;
    }

    /// <summary>The alert's subject, or why it names none this hub can act on.</summary>
    public static (AlertSubject? Subject, string? Rejection) Describe(WebhookAlert alert, ClusterLabel clusterLabel)
    {
        var cluster = alert.Label(clusterLabel.Utf8);
        if (string.IsNullOrWhiteSpace(cluster))
        {
            return (null, $"alert has no \"{clusterLabel.Name}\" label naming the managed cluster");
        }

        var ns = alert.Label("namespace"u8);
        if (string.IsNullOrWhiteSpace(ns))
        {
            return (null, "alert has no \"namespace\" label");
        }

        foreach (var (label, kind, apiVersion) in SubjectLabels)
        {
            if (alert.Label(label) is { } name && !string.IsNullOrWhiteSpace(name))
            {
                return (new AlertSubject(cluster, new ObjectRef(apiVersion, kind, ns, name), alert.Label("alertname"u8) ?? "UnnamedAlert", alert.State), null);
            }
        }

        return (null, "alert names no workload: expected one of the labels " + SubjectLabelList);
    }

    public static Signal ToSignal(AlertmanagerWebhook message, WebhookAlert alert, AlertSubject subject)
    {
        var labels = alert.LabelMap();
        var annotations = alert.AnnotationMap();
        return new Signal
        {
            Cluster = subject.Cluster,
            Subject = subject.Object,
            Name = subject.AlertName,
            Severity = labels.GetValueOrDefault("severity") ?? "unknown",
            Type = "alert",
            Source = "alertmanager",
            Actor = Actor(message),
            State = subject.State,
            FiringTime = alert.StartsAt,
            Description = annotations.GetValueOrDefault("description") ?? annotations.GetValueOrDefault("summary"),
            Labels = labels,
            Annotations = annotations,
        };
    }

    private static string Actor(AlertmanagerWebhook message) => "alertmanager/" + (message.Receiver ?? "unknown-receiver");

    private static string? AlertError(JsonElement alert)
    {
        if (alert.ValueKind != JsonValueKind.Object)
        {
            return "each alert must be an object with \"labels\" and a \"status\"";
        }

        if (!alert.TryGetProperty("labels"u8, out var labels) || labels.ValueKind != JsonValueKind.Object)
        {
            return "each alert needs \"labels\" (an object)";
        }

        if (!alert.TryGetProperty("status"u8, out var status) || !(status.ValueEquals(SignalStates.FiringUtf8) || status.ValueEquals(SignalStates.ResolvedUtf8)))
        {
            return "each alert needs a \"status\" of \"firing\" or \"resolved\"";
        }

        if (!IsStringMapOrNull(labels) || (alert.TryGetProperty("annotations"u8, out var annotations) && !IsStringMapOrNull(annotations)))
        {
            return "\"labels\" and \"annotations\" must be objects whose values are strings";
        }

        foreach (var (utf8, name) in AlertTimes)
        {
            if (alert.TryGetProperty(utf8, out var at) && at.ValueKind != JsonValueKind.Null
                && !(at.ValueKind == JsonValueKind.String && at.TryGetDateTimeOffset(out _)))
            {
                return $"\"{name}\" must be an RFC 3339 time";
            }
        }

        return null;
    }

    private static bool IsStringMapOrNull(JsonElement map)
    {
        if (map.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (map.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var property in map.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                return false;
            }
        }

        return true;
    }
}
