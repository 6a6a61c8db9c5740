using System.Net;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Kubernaut.KindFleet.Tests.Support;

namespace Kubernaut.KindFleet.Tests.Ocm;

/// <summary>
/// What a remediation service sets up on the hub to act on a spoke: a ManagedServiceAccount plus a ClusterPermission
/// (get/list deployments, patch deployments/scale, in one namespace), and a target Deployment on the spoke.
/// </summary>
internal static class ManagedServiceAccountSetup
{
    public static string Manifests(string cluster, string name, string ns) => $$"""
        apiVersion: authentication.open-cluster-management.io/v1beta1
        kind: ManagedServiceAccount
        metadata: {name: {{name}}, namespace: {{cluster}}}
        spec:
          rotation: {enabled: true, validity: 8640h0m0s}
        ---
        apiVersion: rbac.open-cluster-management.io/v1alpha1
        kind: ClusterPermission
        metadata: {name: {{name}}-rbac, namespace: {{cluster}}}
        spec:
          roles:
          - namespace: {{ns}}
            rules:
            - {apiGroups: [apps], resources: [deployments], verbs: [get, list, patch]}
            - {apiGroups: [apps], resources: [deployments/scale], verbs: [get, patch]}
          roleBindings:
          - namespace: {{ns}}
            roleRef: {kind: Role}
            subject: {apiGroup: authentication.open-cluster-management.io, kind: ManagedServiceAccount, name: {{name}}}
        """;

    /// <summary>Applies the hub objects with kubectl and returns the token from the hub Secret once the addon wrote it.</summary>
    public static async Task<(string Token, string CaPem)> CreateAsync(FleetFixture fleet, string cluster, string name, string ns)
    {
        var ct = TestContext.Current.CancellationToken;
        var file = Path.Combine(Path.GetTempPath(), $"msa-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, Manifests(cluster, name, ns), ct);
        try
        {
            await Kubectl.OkAsync(fleet.KubeconfigPath, "hub", "apply", "-f", file);
        }
        finally
        {
            File.Delete(file);
        }

        var hub = fleet.Client("hub");
        var secret = await Eventually.UntilAsync(() => TryReadSecretAsync(hub, cluster, name), s => s is not null, $"hub Secret {cluster}/{name}");
        return (Encoding.UTF8.GetString(secret!.Data["token"]), Encoding.UTF8.GetString(secret.Data["ca.crt"]));
    }

    public static async Task<V1Secret?> TryReadSecretAsync(IKubernetes hub, string ns, string name)
    {
        try
        {
            return await hub.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: TestContext.Current.CancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>A namespace and a Deployment on the spoke (pods need not become ready for these tests).</summary>
    public static async Task CreateDeploymentAsync(IKubernetes spoke, string ns, string name, int replicas)
    {
        var ct = TestContext.Current.CancellationToken;
        try
        {
            await spoke.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Already there (seeded workloads, another test).
        }

        var labels = new Dictionary<string, string> { ["app"] = name };
        await spoke.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            Spec = new V1DeploymentSpec
            {
                Replicas = replicas,
                Selector = new V1LabelSelector { MatchLabels = labels },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = name, Image = "nginx:1.27" }] },
                },
            },
        }, ns, cancellationToken: ct);
    }

    /// <summary>A kubeconfig for the cluster-proxy URL of a spoke with only the bearer token, as a hub-side client builds it.</summary>
    public static string ProxyKubeconfig(FleetFixture fleet, string cluster, string token) => $$"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: {{cluster}}-via-proxy
          cluster:
            server: {{new Uri(fleet.SecureAddress, $"cluster-proxy/{cluster}")}}
            certificate-authority-data: {{Convert.ToBase64String(Encoding.UTF8.GetBytes(fleet.CaPem))}}
        users:
        - name: msa
          user: {token: {{token}}}
        contexts:
        - name: {{cluster}}
          context: {cluster: {{cluster}}-via-proxy, user: msa}
        current-context: {{cluster}}
        """;
}
