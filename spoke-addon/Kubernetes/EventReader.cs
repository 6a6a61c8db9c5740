using k8s;
using k8s.Models;

namespace Kubernaut.SpokeAddon.Kubernetes;

/// <summary>One Kubernetes Event, deduplicated series included (<see cref="Count"/> is how many times it happened).</summary>
public sealed record EventSummary(
    string Type,
    string Reason,
    string Object,
    string? Message,
    int Count,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen,
    string? Source,
    string? Namespace);

/// <summary>Events of a namespace (or all namespaces), filtered and newest first.</summary>
public sealed class EventReader(IKubernetes kube)
{
    public const string AllNamespaces = "*";

    public async Task<IReadOnlyList<EventSummary>> ListAsync(
        string ns, string? reason, string? kind, string? name, DateTimeOffset? since, CancellationToken ct)
    {
        var list = ns == AllNamespaces
            ? await KubeErrors.ReadAsync("events in all namespaces", () => kube.CoreV1.ListEventForAllNamespacesAsync(cancellationToken: ct))
            : await KubeErrors.ReadAsync($"events in namespace {ns}", () => kube.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: ct));
        return list.Items
            .Where(e => kind is null || string.Equals(e.InvolvedObject?.Kind, kind, StringComparison.OrdinalIgnoreCase))
            .Where(e => name is null || string.Equals(e.InvolvedObject?.Name, name, StringComparison.Ordinal))
            .Where(e => reason is null || string.Equals(e.Reason, reason, StringComparison.OrdinalIgnoreCase))
            .Select(Summarize)
            .Where(e => since is null || e.LastSeen is null || e.LastSeen >= since)
            .OrderByDescending(e => e.LastSeen)
            .ToList();
    }

    public static EventSummary Summarize(Corev1Event e) => new(
        e.Type ?? "Normal",
        e.Reason ?? "",
        $"{e.InvolvedObject?.Kind}/{e.InvolvedObject?.Name}",
        e.Message,
        e.Series?.Count ?? e.Count ?? 1,
        KubeTime.Utc(e.FirstTimestamp ?? e.EventTime ?? e.Metadata?.CreationTimestamp),
        KubeTime.Utc(e.Series?.LastObservedTime ?? e.LastTimestamp ?? e.EventTime ?? e.Metadata?.CreationTimestamp),
        e.Source?.Component ?? e.ReportingComponent,
        e.Metadata?.NamespaceProperty);
}
