using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Kubernaut.Hub.Tests.Support;

/// <summary>
/// Creates what a test needs on the simulated fleet through its API, only when absent: the fleet may already seed the
/// same objects (OCM bootstrap, workload seeding), and the tests must pass either way.
/// </summary>
public static class FleetObjects
{
    public static async Task EnsureManagedClustersAsync(IKubernetes hub, IEnumerable<string> names, CancellationToken ct)
    {
        await IgnoreConflictAsync(() => hub.ApiextensionsV1.CreateCustomResourceDefinitionAsync(new V1CustomResourceDefinition
        {
            Metadata = new V1ObjectMeta { Name = "managedclusters.cluster.open-cluster-management.io" },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = "cluster.open-cluster-management.io",
                Scope = "Cluster",
                Names = new V1CustomResourceDefinitionNames { Kind = "ManagedCluster", ListKind = "ManagedClusterList", Plural = "managedclusters", Singular = "managedcluster" },
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = "v1", Served = true, Storage = true,
                        Subresources = new V1CustomResourceSubresources { Status = new object() },
                        Schema = new V1CustomResourceValidation { OpenAPIV3Schema = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true } },
                    },
                ],
            },
        }, cancellationToken: ct));
        foreach (var name in names)
        {
            await IgnoreConflictAsync(() => hub.CustomObjects.CreateClusterCustomObjectAsync(new
            {
                apiVersion = "cluster.open-cluster-management.io/v1",
                kind = "ManagedCluster",
                metadata = new { name },
                spec = new { hubAcceptsClient = true },
            }, "cluster.open-cluster-management.io", "v1", "managedclusters", cancellationToken: ct));
        }
    }

    /// <summary>Sets (or with null removes) the trust-level label and the namespace overrides on a ManagedCluster.</summary>
    public static Task SetTrustAsync(IKubernetes hub, string cluster, string? level, string? namespaceOverrides, CancellationToken ct) =>
        hub.CustomObjects.PatchClusterCustomObjectAsync(new V1Patch(JsonSerializer.Serialize(new
        {
            metadata = new
            {
                labels = new Dictionary<string, string?> { ["kubernaut.ai/trust-level"] = level },
                annotations = new Dictionary<string, string?> { ["kubernaut.ai/namespace-trust-levels"] = namespaceOverrides },
            },
        }), V1Patch.PatchType.MergePatch), "cluster.open-cluster-management.io", "v1", "managedclusters", cluster, cancellationToken: ct);

    public static Task EnsureNamespaceAsync(IKubernetes spoke, string ns, CancellationToken ct) =>
        IgnoreConflictAsync(() => spoke.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken: ct));

    /// <summary>A Deployment with one ReplicaSet and one Pod, linked by controller owner references; returns the pod's name.</summary>
    public static async Task<string> EnsureDeploymentWithPodAsync(IKubernetes spoke, string ns, string name, CancellationToken ct)
    {
        await EnsureNamespaceAsync(spoke, ns, ct);
        var labels = new Dictionary<string, string> { ["app"] = name };
        var deployment = await GetOrCreateAsync(() => spoke.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: ct),
            () => spoke.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = labels },
                Spec = new V1DeploymentSpec
                {
                    Replicas = 1,
                    Selector = new V1LabelSelector { MatchLabels = labels },
                    Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = labels }, Spec = PodSpec(name) },
                },
            }, ns, cancellationToken: ct));
        var rsName = $"{name}-5d8f7c9b4";
        var rs = await GetOrCreateAsync(() => spoke.AppsV1.ReadNamespacedReplicaSetAsync(rsName, ns, cancellationToken: ct),
            () => spoke.AppsV1.CreateNamespacedReplicaSetAsync(new V1ReplicaSet
            {
                Metadata = new V1ObjectMeta { Name = rsName, NamespaceProperty = ns, Labels = labels, OwnerReferences = [Owner(deployment.Metadata, "Deployment")] },
                Spec = new V1ReplicaSetSpec
                {
                    Replicas = 1,
                    Selector = new V1LabelSelector { MatchLabels = labels },
                    Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = labels }, Spec = PodSpec(name) },
                },
            }, ns, cancellationToken: ct));
        var podName = $"{rsName}-x7k2q";
        await GetOrCreateAsync(() => spoke.CoreV1.ReadNamespacedPodAsync(podName, ns, cancellationToken: ct),
            () => spoke.CoreV1.CreateNamespacedPodAsync(new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = podName, NamespaceProperty = ns, Labels = labels, OwnerReferences = [Owner(rs.Metadata, "ReplicaSet")] },
                Spec = PodSpec(name),
            }, ns, cancellationToken: ct));
        return podName;
    }

    public static async Task EnsureStatefulSetAsync(IKubernetes spoke, string ns, string name, CancellationToken ct)
    {
        await EnsureNamespaceAsync(spoke, ns, ct);
        var labels = new Dictionary<string, string> { ["app"] = name };
        await GetOrCreateAsync(() => spoke.AppsV1.ReadNamespacedStatefulSetAsync(name, ns, cancellationToken: ct),
            () => spoke.AppsV1.CreateNamespacedStatefulSetAsync(new V1StatefulSet
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = labels },
                Spec = new V1StatefulSetSpec
                {
                    Replicas = 1,
                    ServiceName = name,
                    Selector = new V1LabelSelector { MatchLabels = labels },
                    Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = labels }, Spec = PodSpec(name) },
                },
            }, ns, cancellationToken: ct));
    }

    /// <summary>A Deployment of this name in any namespace of the cluster, creating it in <paramref name="ns"/> when there is none.</summary>
    public static async Task<string> EnsureDeploymentSomewhereAsync(IKubernetes spoke, string ns, string name, CancellationToken ct)
    {
        var existing = (await spoke.AppsV1.ListDeploymentForAllNamespacesAsync(cancellationToken: ct)).Items.FirstOrDefault(d => d.Metadata.Name == name);
        if (existing is not null)
        {
            return existing.Metadata.NamespaceProperty;
        }

        await EnsureDeploymentWithPodAsync(spoke, ns, name, ct);
        return ns;
    }

    public static async Task<string> EnsureStatefulSetSomewhereAsync(IKubernetes spoke, string ns, string name, CancellationToken ct)
    {
        var existing = (await spoke.AppsV1.ListStatefulSetForAllNamespacesAsync(cancellationToken: ct)).Items.FirstOrDefault(d => d.Metadata.Name == name);
        if (existing is not null)
        {
            return existing.Metadata.NamespaceProperty;
        }

        await EnsureStatefulSetAsync(spoke, ns, name, ct);
        return ns;
    }

    private static V1PodSpec PodSpec(string name) => new() { Containers = [new V1Container { Name = name, Image = $"example.com/{name}:1.0" }] };

    private static V1OwnerReference Owner(V1ObjectMeta meta, string kind) =>
        new() { ApiVersion = "apps/v1", Kind = kind, Name = meta.Name, Uid = meta.Uid, Controller = true, BlockOwnerDeletion = true };

    private static async Task<T> GetOrCreateAsync<T>(Func<Task<T>> read, Func<Task<T>> create)
    {
        try
        {
            return await create();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return await read();
        }
    }

    private static async Task IgnoreConflictAsync<T>(Func<Task<T>> create)
    {
        try
        {
            await create();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Already there.
        }
    }
}
