using k8s;
using k8s.Models;

namespace Kubernaut.SpokeAddon.Kubernetes;

public sealed record ContainerSummary(
    string Name,
    string? Image,
    bool Ready,
    int RestartCount,
    string State,
    string? StateReason,
    string? LastTerminationReason,
    int? LastExitCode,
    DateTimeOffset? LastTerminatedAt,
    IReadOnlyDictionary<string, string>? Requests,
    IReadOnlyDictionary<string, string>? Limits);

public sealed record PodSummary(
    string Name,
    string? Phase,
    string Ready,
    int Restarts,
    string? Node,
    string? Owner,
    DateTimeOffset? StartedAt,
    string? PodIp,
    string? Reason,
    IReadOnlyList<string>? NotReadyConditions,
    IReadOnlyList<ContainerSummary> Containers);

/// <summary>Pods with the facts an investigation starts from: readiness, restarts, last termination (OOMKilled...), resources.</summary>
public sealed class PodReader(IKubernetes kube)
{
    public async Task<IReadOnlyList<PodSummary>> ListAsync(string ns, string? labelSelector, CancellationToken ct)
    {
        var pods = await KubeErrors.ReadAsync($"pods in namespace {ns}",
            () => kube.CoreV1.ListNamespacedPodAsync(ns, labelSelector: labelSelector, cancellationToken: ct));
        return pods.Items.Select(Summarize)
            .OrderBy(p => p.NotReadyConditions is null ? 1 : 0)
            .ThenByDescending(p => p.Restarts)
            .ThenBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
    }

    public static PodSummary Summarize(V1Pod pod)
    {
        var statuses = pod.Status?.ContainerStatuses ?? [];
        var containers = (pod.Spec?.Containers ?? []).Select(c => SummarizeContainer(c, statuses.FirstOrDefault(s => s.Name == c.Name))).ToList();
        var notReady = (pod.Status?.Conditions ?? [])
            .Where(c => c.Status != "True" && c.Type is "Ready" or "ContainersReady" or "PodScheduled")
            .Select(c => string.IsNullOrEmpty(c.Reason) ? c.Type : $"{c.Type}: {c.Reason}")
            .ToList();
        var owner = pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true) ?? pod.Metadata.OwnerReferences?.FirstOrDefault();
        return new PodSummary(
            pod.Metadata.Name,
            pod.Status?.Phase,
            $"{containers.Count(c => c.Ready)}/{containers.Count}",
            containers.Sum(c => c.RestartCount),
            pod.Spec?.NodeName,
            owner is null ? null : $"{owner.Kind}/{owner.Name}",
            KubeTime.Utc(pod.Status?.StartTime),
            pod.Status?.PodIP,
            pod.Status?.Reason,
            notReady.Count > 0 ? notReady : null,
            containers);
    }

    private static ContainerSummary SummarizeContainer(V1Container spec, V1ContainerStatus? status)
    {
        var (state, reason) = status?.State switch
        {
            { Running: not null } => ("running", (string?)null),
            { Waiting: { } w } => ("waiting", w.Reason),
            { Terminated: { } t } => ("terminated", t.Reason),
            _ => ("unknown", null),
        };
        var last = status?.LastState?.Terminated;
        return new ContainerSummary(
            spec.Name,
            spec.Image,
            status?.Ready ?? false,
            status?.RestartCount ?? 0,
            state,
            reason,
            last?.Reason,
            last?.ExitCode,
            KubeTime.Utc(last?.FinishedAt),
            Quantities(spec.Resources?.Requests),
            Quantities(spec.Resources?.Limits));
    }

    public static IReadOnlyDictionary<string, string>? Quantities(IDictionary<string, ResourceQuantity>? values) =>
        values is { Count: > 0 } ? values.ToDictionary(v => v.Key, v => v.Value.ToString()) : null;
}
