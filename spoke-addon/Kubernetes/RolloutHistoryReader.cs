using System.Text.Json;
using k8s;
using ModelContextProtocol;

namespace Kubernaut.SpokeAddon.Kubernetes;

public sealed record RolloutRevision(
    long Revision,
    string Name,
    DateTimeOffset? CreatedAt,
    bool Current,
    int? Desired,
    int? Ready,
    IReadOnlyList<string> Images,
    IReadOnlyList<TemplateContainer>? Containers,
    string? ChangeCause);

/// <summary>
/// What changed when: a Deployment's ReplicaSets ordered by <c>deployment.kubernetes.io/revision</c>, or a
/// StatefulSet's ControllerRevisions ordered by their revision number.
/// </summary>
public sealed class RolloutHistoryReader(IKubernetes kube)
{
    private const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    private const string ChangeCauseAnnotation = "kubernetes.io/change-cause";

    public async Task<IReadOnlyList<RolloutRevision>> ReadAsync(string ns, string kind, string name, CancellationToken ct) =>
        kind.ToLowerInvariant() switch
        {
            "deployment" => await DeploymentAsync(ns, name, ct),
            "statefulset" => await StatefulSetAsync(ns, name, ct),
            _ => throw new McpException($"kind: rollout history exists for Deployment and StatefulSet, not '{kind}'"),
        };

    private async Task<IReadOnlyList<RolloutRevision>> DeploymentAsync(string ns, string name, CancellationToken ct)
    {
        var deployment = await KubeErrors.ReadAsync($"deployment {ns}/{name}", () => kube.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: ct));
        var sets = await KubeErrors.ReadAsync($"replicasets in {ns}", () => kube.AppsV1.ListNamespacedReplicaSetAsync(ns, cancellationToken: ct));
        var current = deployment.Metadata.Annotations?.Value(RevisionAnnotation);
        return sets.Items
            .Where(rs => rs.Metadata.OwnerReferences?.Any(o => o.Uid == deployment.Metadata.Uid || (o.Kind == "Deployment" && o.Name == name)) == true)
            .Select(rs =>
            {
                var revision = rs.Metadata.Annotations?.Value(RevisionAnnotation);
                var containers = WorkloadReader.Template(rs.Spec?.Template);
                return new RolloutRevision(
                    long.TryParse(revision, out var r) ? r : 0,
                    rs.Metadata.Name,
                    KubeTime.Utc(rs.Metadata.CreationTimestamp),
                    revision is not null && revision == current,
                    rs.Spec?.Replicas,
                    rs.Status?.ReadyReplicas ?? 0,
                    containers.Select(c => c.Image).OfType<string>().ToList(),
                    containers,
                    rs.Metadata.Annotations?.Value(ChangeCauseAnnotation));
            })
            .OrderByDescending(r => r.Revision)
            .ToList();
    }

    private async Task<IReadOnlyList<RolloutRevision>> StatefulSetAsync(string ns, string name, CancellationToken ct)
    {
        var set = await KubeErrors.ReadAsync($"statefulset {ns}/{name}", () => kube.AppsV1.ReadNamespacedStatefulSetAsync(name, ns, cancellationToken: ct));
        var revisions = await KubeErrors.ReadAsync($"controllerrevisions in {ns}", () => kube.AppsV1.ListNamespacedControllerRevisionAsync(ns, cancellationToken: ct));
        return revisions.Items
            .Where(cr => cr.Metadata.OwnerReferences?.Any(o => o.Uid == set.Metadata.Uid || (o.Kind == "StatefulSet" && o.Name == name)) == true)
            .Select(cr => new RolloutRevision(
                cr.Revision ?? 0,
                cr.Metadata.Name,
                KubeTime.Utc(cr.Metadata.CreationTimestamp),
                cr.Metadata.Name == (set.Status?.UpdateRevision ?? set.Status?.CurrentRevision),
                null,
                null,
                ImagesIn(cr.Data),
                null,
                cr.Metadata.Annotations?.Value(ChangeCauseAnnotation)))
            .OrderByDescending(r => r.Revision)
            .ToList();
    }

    // A StatefulSet revision stores a patch of the pod template: spec.template.spec.containers[].image.
    private static List<string> ImagesIn(object? data)
    {
        if (data is not JsonElement { ValueKind: JsonValueKind.Object } root
            || !root.TryGetProperty("spec", out var spec) || !spec.TryGetProperty("template", out var template)
            || !template.TryGetProperty("spec", out var podSpec) || !podSpec.TryGetProperty("containers", out var containers)
            || containers.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return containers.EnumerateArray()
            .Select(c => c.TryGetProperty("image", out var image) ? image.GetString() : null)
            .OfType<string>()
            .ToList();
    }
}
