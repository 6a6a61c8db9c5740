using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Kubernaut.SpokeAddon.Kubernetes;

/// <summary>Any object of any kind: typed metadata, the rest (spec, status, data...) kept as raw JSON.</summary>
public sealed class KubeObject : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonExtensionData]
    public Dictionary<string, JsonElement> Rest { get; set; } = [];
}

/// <summary>Where a kind is served. Secrets are deliberately absent: investigation tools never read them.</summary>
public sealed record KindInfo(string Kind, string Group, string Version, string Plural, bool Namespaced)
{
    private static readonly KindInfo[] Known =
    [
        new("Pod", "", "v1", "pods", true),
        new("Service", "", "v1", "services", true),
        new("Endpoints", "", "v1", "endpoints", true),
        new("ConfigMap", "", "v1", "configmaps", true),
        new("PersistentVolumeClaim", "", "v1", "persistentvolumeclaims", true),
        new("ServiceAccount", "", "v1", "serviceaccounts", true),
        new("Node", "", "v1", "nodes", false),
        new("Namespace", "", "v1", "namespaces", false),
        new("Deployment", "apps", "v1", "deployments", true),
        new("ReplicaSet", "apps", "v1", "replicasets", true),
        new("StatefulSet", "apps", "v1", "statefulsets", true),
        new("DaemonSet", "apps", "v1", "daemonsets", true),
        new("ControllerRevision", "apps", "v1", "controllerrevisions", true),
        new("Job", "batch", "v1", "jobs", true),
        new("CronJob", "batch", "v1", "cronjobs", true),
        new("HorizontalPodAutoscaler", "autoscaling", "v2", "horizontalpodautoscalers", true),
        new("PodDisruptionBudget", "policy", "v1", "poddisruptionbudgets", true),
        new("EndpointSlice", "discovery.k8s.io", "v1", "endpointslices", true),
        new("Ingress", "networking.k8s.io", "v1", "ingresses", true),
    ];

    public static KindInfo? Find(string kind) =>
        Known.FirstOrDefault(k => string.Equals(k.Kind, kind, StringComparison.OrdinalIgnoreCase)
            || string.Equals(k.Plural, kind, StringComparison.OrdinalIgnoreCase));

    /// <summary>An owner reference's kind: known, or a custom kind served at its apiVersion under the usual plural.</summary>
    public static KindInfo ForOwner(string apiVersion, string kind)
    {
        if (Find(kind) is { } known)
        {
            return known;
        }

        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? new KindInfo(kind, "", apiVersion, kind.ToLowerInvariant() + "s", true)
            : new KindInfo(kind, apiVersion[..slash], apiVersion[(slash + 1)..], kind.ToLowerInvariant() + "s", true);
    }
}

/// <summary>Reads one object of any kind through the generic client.</summary>
public sealed class ObjectReader(IKubernetes kube)
{
    public async Task<KubeObject?> TryReadAsync(KindInfo kind, string? ns, string name, CancellationToken ct)
    {
        using var client = kind.Group.Length == 0
            ? new GenericClient(kube, kind.Version, kind.Plural, disposeClient: false)
            : new GenericClient(kube, kind.Group, kind.Version, kind.Plural, disposeClient: false);
        return kind.Namespaced
            ? await KubeErrors.TryReadAsync(() => client.ReadNamespacedAsync<KubeObject>(ns ?? "default", name, ct))
            : await KubeErrors.TryReadAsync(() => client.ReadAsync<KubeObject>(name, ct));
    }
}
