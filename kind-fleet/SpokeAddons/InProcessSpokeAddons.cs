using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Kubernaut.KindFleet.ClusterProxy;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.SpokeAddon.Hosting;
using YamlDotNet.Serialization;

namespace Kubernaut.KindFleet.SpokeAddons;

/// <summary>
/// The kubernaut spoke MCP addon, one in-process instance per spoke, as the addon-manager would install it: the
/// ServiceAccount and read-only RBAC from <c>ocm-manifests/spoke-addon/addon-template.yaml</c> applied on the spoke, a
/// token for that ServiceAccount, the addon host reading its cluster with it, and its Service reachable only through
/// cluster-proxy's service-proxy (registered as a backend and allowed in the exposed-services list).
/// </summary>
internal sealed class InProcessSpokeAddons : IAsyncDisposable
{
    public const string Namespace = "open-cluster-management-agent-addon";
    public const string ServiceAccount = "kubernaut-spoke-mcp";
    public const int Port = 8080;

    private readonly List<SpokeAddonHost> _hosts = [];

    private InProcessSpokeAddons()
    {
    }

    /// <summary>The hub's <c>Investigation:SpokeMcpUrl</c> for a fleet at <paramref name="fleet"/> (<c>{cluster}</c> left in).</summary>
    public static string McpUrlTemplate(Uri fleet) => new Uri(fleet, "cluster-proxy/").AbsoluteUri +
        $"{{cluster}}/api/v1/namespaces/{Namespace}/services/http:{ServiceAccount}:{Port}/proxy-service/mcp";

    /// <summary>Starts one addon per named spoke; tokens come from <paramref name="issuer"/> (the realm URL) on wall-clock time.</summary>
    public static async Task<InProcessSpokeAddons> StartAsync(SimulatedFleet fleet, string kubeconfigPath, Uri issuer, IEnumerable<string> spokes, CancellationToken ct)
    {
        var addons = new InProcessSpokeAddons();
        try
        {
            foreach (var cluster in spokes)
            {
                var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath, cluster);
                using (var admin = new Kubernetes(config))
                {
                    config.AccessToken = await InstallAsync(admin, ct);
                }

                config.TokenProvider = null;
                var host = await SpokeAddonHost.StartAsync(new SpokeAddonOptions { Issuer = issuer }, new Kubernetes(config), ct);
                addons._hosts.Add(host);
                fleet.Services.Register(cluster, Namespace, ServiceAccount, host.BaseAddress);
                ExposedServices.Allow(fleet, Namespace, ServiceAccount, Port, "http");
            }

            return addons;
        }
        catch
        {
            await addons.DisposeAsync();
            throw;
        }
    }

    private static async Task<string> InstallAsync(IKubernetes admin, CancellationToken ct)
    {
        await IgnoreConflictAsync(() => admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } }, cancellationToken: ct));
        foreach (var manifest in TemplateManifests())
        {
            var json = manifest.GetRawText();
            switch (manifest.GetProperty("kind").GetString())
            {
                case "ServiceAccount":
                    await IgnoreConflictAsync(() => admin.CoreV1.CreateNamespacedServiceAccountAsync(KubernetesJson.Deserialize<V1ServiceAccount>(json), Namespace, cancellationToken: ct));
                    break;
                case "ClusterRole":
                    await IgnoreConflictAsync(() => admin.RbacAuthorizationV1.CreateClusterRoleAsync(KubernetesJson.Deserialize<V1ClusterRole>(json), cancellationToken: ct));
                    break;
                case "ClusterRoleBinding":
                    await IgnoreConflictAsync(() => admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(KubernetesJson.Deserialize<V1ClusterRoleBinding>(json), cancellationToken: ct));
                    break;
            }
        }

        // A kubelet would rotate a real addon's projected token; this one must outlive a run on a fast fleet clock.
        var token = await admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = (long)TimeSpan.FromDays(30).TotalSeconds } },
            ServiceAccount, Namespace, cancellationToken: ct);
        return token.Status.Token;
    }

    private static async Task IgnoreConflictAsync(Func<Task> create)
    {
        try
        {
            await create();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Already there (the OCM bootstrap, or an earlier start).
        }
    }

    private static List<JsonElement> TemplateManifests()
    {
        using var stream = typeof(InProcessSpokeAddons).Assembly.GetManifestResourceStream("Kubernaut.KindFleet.SpokeAddons.addon-template.yaml")
            ?? throw new InvalidOperationException("addon-template.yaml is not embedded in kind-fleet");
        using var reader = new StreamReader(stream);
        var yaml = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build().Deserialize<object>(reader.ReadToEnd());
        using var document = JsonDocument.Parse(new SerializerBuilder().JsonCompatible().Build().Serialize(yaml!));
        return [.. document.RootElement.GetProperty("spec").GetProperty("agentSpec").GetProperty("workload").GetProperty("manifests").EnumerateArray().Select(m => m.Clone())];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        _hosts.Clear();
    }
}
