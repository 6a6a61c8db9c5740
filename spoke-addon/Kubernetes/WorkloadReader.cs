using k8s;
using k8s.Models;

namespace Kubernaut.SpokeAddon.Kubernetes;

public sealed record ConditionSummary(string Type, string Status, string? Reason, string? Message, DateTimeOffset? LastTransition);

public sealed record TemplateContainer(string Name, string? Image, IReadOnlyDictionary<string, string>? Requests, IReadOnlyDictionary<string, string>? Limits);

public sealed record WorkloadSummary(
    string Kind,
    string Name,
    int Desired,
    int Ready,
    int Available,
    int Updated,
    IReadOnlyDictionary<string, string>? Selector,
    IReadOnlyList<TemplateContainer> Containers,
    IReadOnlyList<ConditionSummary> Conditions,
    long? Generation,
    long? ObservedGeneration,
    string? CurrentRevision,
    string? UpdateRevision,
    bool? Paused);

/// <summary>Deployments, StatefulSets and DaemonSets with desired/ready/available replicas and their conditions.</summary>
public sealed class WorkloadReader(IKubernetes kube)
{
    public static readonly string[] Kinds = ["Deployment", "StatefulSet", "DaemonSet"];

    public async Task<IReadOnlyList<WorkloadSummary>> ListAsync(string ns, string? kind, string? name, CancellationToken ct)
    {
        var wanted = kind is null ? Kinds : Kinds.Where(k => string.Equals(k, kind, StringComparison.OrdinalIgnoreCase)).ToArray();
        if (wanted.Length == 0)
        {
            throw new ModelContextProtocol.McpException($"kind: '{kind}' is not one of {string.Join(", ", Kinds)}");
        }

        var result = new List<WorkloadSummary>();
        if (wanted.Contains("Deployment"))
        {
            var list = await KubeErrors.ReadAsync($"deployments in {ns}", () => kube.AppsV1.ListNamespacedDeploymentAsync(ns, cancellationToken: ct));
            result.AddRange(list.Items.Select(Summarize));
        }

        if (wanted.Contains("StatefulSet"))
        {
            var list = await KubeErrors.ReadAsync($"statefulsets in {ns}", () => kube.AppsV1.ListNamespacedStatefulSetAsync(ns, cancellationToken: ct));
            result.AddRange(list.Items.Select(Summarize));
        }

        if (wanted.Contains("DaemonSet"))
        {
            var list = await KubeErrors.ReadAsync($"daemonsets in {ns}", () => kube.AppsV1.ListNamespacedDaemonSetAsync(ns, cancellationToken: ct));
            result.AddRange(list.Items.Select(Summarize));
        }

        return result.Where(w => name is null || w.Name == name)
            .OrderBy(w => w.Ready >= w.Desired ? 1 : 0)
            .ThenBy(w => w.Kind, StringComparer.Ordinal)
            .ThenBy(w => w.Name, StringComparer.Ordinal)
            .ToList();
    }

    public static WorkloadSummary Summarize(V1Deployment d) => new(
        "Deployment", d.Metadata.Name,
        d.Spec?.Replicas ?? 1, d.Status?.ReadyReplicas ?? 0, d.Status?.AvailableReplicas ?? 0, d.Status?.UpdatedReplicas ?? 0,
        Selector(d.Spec?.Selector), Template(d.Spec?.Template),
        (d.Status?.Conditions ?? []).Select(c => new ConditionSummary(c.Type, c.Status, c.Reason, c.Message, KubeTime.Utc(c.LastTransitionTime))).ToList(),
        d.Metadata.Generation, d.Status?.ObservedGeneration,
        d.Metadata.Annotations?.Value("deployment.kubernetes.io/revision"), null, d.Spec?.Paused);

    public static WorkloadSummary Summarize(V1StatefulSet s) => new(
        "StatefulSet", s.Metadata.Name,
        s.Spec?.Replicas ?? 1, s.Status?.ReadyReplicas ?? 0, s.Status?.AvailableReplicas ?? 0, s.Status?.UpdatedReplicas ?? 0,
        Selector(s.Spec?.Selector), Template(s.Spec?.Template),
        (s.Status?.Conditions ?? []).Select(c => new ConditionSummary(c.Type, c.Status, c.Reason, c.Message, KubeTime.Utc(c.LastTransitionTime))).ToList(),
        s.Metadata.Generation, s.Status?.ObservedGeneration, s.Status?.CurrentRevision, s.Status?.UpdateRevision, null);

    public static WorkloadSummary Summarize(V1DaemonSet s) => new(
        "DaemonSet", s.Metadata.Name,
        s.Status?.DesiredNumberScheduled ?? 0, s.Status?.NumberReady ?? 0, s.Status?.NumberAvailable ?? 0, s.Status?.UpdatedNumberScheduled ?? 0,
        Selector(s.Spec?.Selector), Template(s.Spec?.Template),
        (s.Status?.Conditions ?? []).Select(c => new ConditionSummary(c.Type, c.Status, c.Reason, c.Message, KubeTime.Utc(c.LastTransitionTime))).ToList(),
        s.Metadata.Generation, s.Status?.ObservedGeneration, null, null, null);

    public static IReadOnlyList<TemplateContainer> Template(V1PodTemplateSpec? template) =>
        (template?.Spec?.Containers ?? [])
            .Select(c => new TemplateContainer(c.Name, c.Image, PodReader.Quantities(c.Resources?.Requests), PodReader.Quantities(c.Resources?.Limits)))
            .ToList();

    private static IReadOnlyDictionary<string, string>? Selector(V1LabelSelector? selector) =>
        selector?.MatchLabels is { Count: > 0 } labels ? new Dictionary<string, string>(labels) : null;
}
