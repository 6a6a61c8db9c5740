using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Kubernaut.Hub.Fleet;

/// <summary>Reads spoke objects over each spoke's Kubernetes API (cluster-proxy or kubeconfig context).</summary>
internal sealed class KubernetesSpokeReader(ISpokeClients spokes) : ISpokeReader
{
    public async Task<SpokeObject?> GetAsync(string cluster, ObjectRef target, CancellationToken ct)
    {
        var client = spokes.For(cluster);
        try
        {
            if (target.Kind == "Pod")
            {
                var pod = await client.CoreV1.ReadNamespacedPodAsync(target.Name, target.Namespace, cancellationToken: ct);
                return new SpokeObject(target with { ApiVersion = "v1" }, Owners(pod.Metadata));
            }

            var (group, version, plural) = WorkloadKinds.Resource(target.Kind)
                ?? throw new ArgumentException($"kind {target.Kind} is not a workload kind the hub follows", nameof(target));
            var raw = (JsonElement)await client.CustomObjects.GetNamespacedCustomObjectAsync(group, version, target.Namespace, plural, target.Name, ct);
            var meta = raw.GetProperty("metadata").Deserialize<V1ObjectMeta>(KubernetesJsonOptions)!;
            return new SpokeObject(target with { ApiVersion = $"{group}/{version}" }, Owners(meta));
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<SpokeWorkload>> ListWorkloadsAsync(string cluster, CancellationToken ct)
    {
        var client = spokes.For(cluster);
        var deployments = client.AppsV1.ListDeploymentForAllNamespacesAsync(cancellationToken: ct);
        var statefulSets = client.AppsV1.ListStatefulSetForAllNamespacesAsync(cancellationToken: ct);
        var daemonSets = client.AppsV1.ListDaemonSetForAllNamespacesAsync(cancellationToken: ct);
        return
        [
            .. (await deployments).Items.Select(d => Workload(cluster, "Deployment", d.Metadata)),
            .. (await statefulSets).Items.Select(s => Workload(cluster, "StatefulSet", s.Metadata)),
            .. (await daemonSets).Items.Select(d => Workload(cluster, "DaemonSet", d.Metadata)),
        ];
    }

    private static readonly JsonSerializerOptions KubernetesJsonOptions = new(JsonSerializerDefaults.Web);

    private static SpokeWorkload Workload(string cluster, string kind, V1ObjectMeta meta) => new(
        cluster,
        new ObjectRef("apps/v1", kind, meta.NamespaceProperty ?? "default", meta.Name),
        (IReadOnlyDictionary<string, string>?)meta.Labels ?? new Dictionary<string, string>(),
        (IReadOnlyDictionary<string, string>?)meta.Annotations ?? new Dictionary<string, string>());

    private static List<OwnerReference> Owners(V1ObjectMeta? meta) =>
        [.. (meta?.OwnerReferences ?? []).Select(o => new OwnerReference(o.ApiVersion, o.Kind, o.Name, o.Controller == true))];
}

/// <summary>The workload kinds an owner walk follows, and where their API lives.</summary>
internal static class WorkloadKinds
{
    private static readonly Dictionary<string, (string Group, string Version, string Plural)> Resources = new(StringComparer.Ordinal)
    {
        ["ReplicaSet"] = ("apps", "v1", "replicasets"),
        ["Deployment"] = ("apps", "v1", "deployments"),
        ["StatefulSet"] = ("apps", "v1", "statefulsets"),
        ["DaemonSet"] = ("apps", "v1", "daemonsets"),
        ["Job"] = ("batch", "v1", "jobs"),
        ["CronJob"] = ("batch", "v1", "cronjobs"),
    };

    public static (string Group, string Version, string Plural)? Resource(string kind) =>
        Resources.TryGetValue(kind, out var r) ? r : null;

    public static bool IsFollowed(string kind) => kind == "Pod" || Resources.ContainsKey(kind);

    public static string ApiVersion(string kind) => kind == "Pod" ? "v1" : Resource(kind) is { } r ? $"{r.Group}/{r.Version}" : "v1";
}
