using System.Text;
using System.Text.Json;

namespace Kubernaut.Hub.Tests.Support;

/// <summary>Alertmanager webhook bodies shaped exactly as Alertmanager 0.25 sends them (version 4).</summary>
public static class AlertPayloads
{
    public static string Message(string status, params Dictionary<string, string>[] alertLabels) => JsonSerializer.Serialize(new
    {
        receiver = "kubernaut-hub",
        status,
        alerts = alertLabels.Select(labels => new
        {
            status,
            labels,
            annotations = new Dictionary<string, string> { ["summary"] = $"{labels.GetValueOrDefault("alertname")} on {labels.GetValueOrDefault("pod")}" },
            startsAt = "2026-01-01T10:00:00.000Z",
            endsAt = status == "resolved" ? "2026-01-01T10:05:00.000Z" : "0001-01-01T00:00:00Z",
            generatorURL = "http://prometheus.example/graph?g0.expr=up",
            fingerprint = "7a966dbc3baf9e99",
        }),
        groupLabels = new Dictionary<string, string> { ["alertname"] = alertLabels[0].GetValueOrDefault("alertname") ?? "" },
        commonLabels = alertLabels[0],
        commonAnnotations = new Dictionary<string, string>(),
        externalURL = "http://alertmanager.example:9093",
        version = "4",
        groupKey = "{}:{alertname=\"" + alertLabels[0].GetValueOrDefault("alertname") + "\"}",
        truncatedAlerts = 0,
    });

    public static Dictionary<string, string> PodAlert(string cluster, string ns, string pod, string alertname = "KubePodCrashLooping") => new()
    {
        ["alertname"] = alertname,
        ["cluster"] = cluster,
        ["namespace"] = ns,
        ["pod"] = pod,
        ["severity"] = "critical",
    };

    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PostAsync(HttpClient http, string body) =>
        http.PostAsync("/api/v1/signals/alertmanager", Json(body), TestContext.Current.CancellationToken);
}
