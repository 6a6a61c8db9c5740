using System.Text.Json;
using k8s;
using k8s.Models;
using YamlDotNet.Serialization;

namespace Kubernaut.SpokeAddon.Tests.Support;

/// <summary>
/// Installs the addon's ServiceAccount and read-only RBAC on a spoke from <c>ocm-manifests/spoke-addon/addon-template.yaml</c>
/// (as the work-agent would) and mints a token for it, so the in-process addon reads its cluster with exactly the
/// permissions a real spoke grants it.
/// </summary>
internal static class AddonRbac
{
    public const string Namespace = "open-cluster-management-agent-addon";
    public const string ServiceAccount = "kubernaut-spoke-mcp";

    public static async Task<string> InstallAsync(IKubernetes admin, CancellationToken ct)
    {
        foreach (var manifest in TemplateManifests())
        {
            var json = manifest.GetRawText();
            switch (manifest.GetProperty("kind").GetString())
            {
                case "ServiceAccount":
                    await EnsureNamespaceAsync(admin, ct);
                    await admin.CoreV1.CreateNamespacedServiceAccountAsync(KubernetesJson.Deserialize<V1ServiceAccount>(json), Namespace, cancellationToken: ct);
                    break;
                case "ClusterRole":
                    await admin.RbacAuthorizationV1.CreateClusterRoleAsync(KubernetesJson.Deserialize<V1ClusterRole>(json), cancellationToken: ct);
                    break;
                case "ClusterRoleBinding":
                    await admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(KubernetesJson.Deserialize<V1ClusterRoleBinding>(json), cancellationToken: ct);
                    break;
            }
        }

        return await MintTokenAsync(admin, ct);
    }

    /// <summary>
    /// A kubelet rotates a real addon's projected token; the in-process addon keeps the one it is given, so it gets one
    /// that outlives a whole test run even on a fleet clock running 120 times faster than the wall (30 days ≈ 6 hours).
    /// </summary>
    public static async Task<string> MintTokenAsync(IKubernetes admin, CancellationToken ct)
    {
        var token = await admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = (long)TimeSpan.FromDays(30).TotalSeconds } },
            ServiceAccount, Namespace, cancellationToken: ct);
        return token.Status.Token;
    }

    private static List<JsonElement> TemplateManifests()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "ocm-manifests", "spoke-addon", "addon-template.yaml");
        var yaml = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build().Deserialize<object>(File.ReadAllText(path));
        var json = new SerializerBuilder().JsonCompatible().Build().Serialize(yaml!);
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("spec").GetProperty("agentSpec").GetProperty("workload").GetProperty("manifests")
            .EnumerateArray()
            .Select(m => m.Clone())
            .ToList();
    }

    private static async Task EnsureNamespaceAsync(IKubernetes admin, CancellationToken ct)
    {
        try
        {
            await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } }, cancellationToken: ct);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // The fleet's OCM bootstrap may have created it already.
        }
    }
}
