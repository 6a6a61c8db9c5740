using k8s;
using k8s.Models;

namespace Kubernaut.SpokeAddon.Kubernetes;

public sealed record TaintSummary(string Key, string? Value, string Effect);

public sealed record NodeSummary(
    string Name,
    string Ready,
    bool Unschedulable,
    IReadOnlyList<string> Roles,
    IReadOnlyList<ConditionSummary> Conditions,
    IReadOnlyList<TaintSummary> Taints,
    IReadOnlyDictionary<string, string>? Capacity,
    IReadOnlyDictionary<string, string>? Allocatable,
    string? KubeletVersion,
    DateTimeOffset? CreatedAt);

/// <summary>Nodes: readiness, pressure conditions, cordons (unschedulable) and taints — what a drain leaves behind.</summary>
public sealed class NodeReader(IKubernetes kube)
{
    private const string RolePrefix = "node-role.kubernetes.io/";

    public async Task<IReadOnlyList<NodeSummary>> ListAsync(string? name, CancellationToken ct)
    {
        var nodes = name is null
            ? (await KubeErrors.ReadAsync("nodes", () => kube.CoreV1.ListNodeAsync(cancellationToken: ct))).Items
            : [await KubeErrors.ReadAsync($"node {name}", () => kube.CoreV1.ReadNodeAsync(name, cancellationToken: ct))];
        return nodes.Select(Summarize)
            .OrderBy(n => n.Ready == "True" && !n.Unschedulable ? 1 : 0)
            .ThenBy(n => n.Name, StringComparer.Ordinal)
            .ToList();
    }

    public static NodeSummary Summarize(V1Node node)
    {
        var conditions = node.Status?.Conditions ?? [];
        return new NodeSummary(
            node.Metadata.Name,
            conditions.FirstOrDefault(c => c.Type == "Ready")?.Status ?? "Unknown",
            node.Spec?.Unschedulable ?? false,
            (node.Metadata.Labels ?? new Dictionary<string, string>()).Keys
                .Where(k => k.StartsWith(RolePrefix, StringComparison.Ordinal)).Select(k => k[RolePrefix.Length..]).ToList(),
            conditions.Select(c => new ConditionSummary(c.Type, c.Status, c.Reason, c.Message, KubeTime.Utc(c.LastTransitionTime))).ToList(),
            (node.Spec?.Taints ?? []).Select(t => new TaintSummary(t.Key, t.Value, t.Effect)).ToList(),
            PodReader.Quantities(node.Status?.Capacity),
            PodReader.Quantities(node.Status?.Allocatable),
            node.Status?.NodeInfo?.KubeletVersion,
            KubeTime.Utc(node.Metadata.CreationTimestamp));
    }
}
