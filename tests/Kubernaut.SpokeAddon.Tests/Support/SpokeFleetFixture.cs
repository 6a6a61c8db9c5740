using k8s;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.SpokeAddon.Hosting;
using ModelContextProtocol.Client;

namespace Kubernaut.SpokeAddon.Tests.Support;

/// <summary>
/// The simulated fleet (with its Keycloak-compatible realm) and one in-process spoke addon per spoke, each on its own
/// loopback port, reading its cluster as the addon's ServiceAccount, registered as the Service
/// <c>open-cluster-management-agent-addon/kubernaut-spoke-mcp</c> and reached only through the cluster-proxy URL.
/// </summary>
/// <remarks>
/// This glue lives with the tests rather than in kind-fleet so that kind-fleet never depends on spoke-addon's
/// internals; a demo can do the same in a few lines: <see cref="StartAddonAsync"/>.
/// </remarks>
public sealed class SpokeFleetFixture : IAsyncLifetime
{
    public static readonly string[] Spokes = ["prod-us-east", "prod-eu-west", "staging"];

    private readonly List<SpokeAddonHost> _addons = [];
    private readonly HashSet<string> _rbacInstalled = new(StringComparer.Ordinal);
    private WebApplication? _fleet;

    public string KubeconfigPath { get; } = Path.Combine(Path.GetTempPath(), $"spoke-addon-tests-{Guid.NewGuid():N}.kubeconfig");

    public Uri FleetAddress { get; private set; } = null!;

    /// <summary>The fleet's realm: issuer and JwtBearer authority of every addon.</summary>
    public Uri Realm => new(FleetAddress, "realms/kubernaut");

    internal SimulatedFleet Fleet => _fleet!.Services.GetRequiredService<SimulatedFleet>();

    public async ValueTask InitializeAsync()
    {
        // The tool tests write their evidence (events, pod statuses, revisions) themselves; a running control plane
        // would rewrite it underneath them, so the fleet serves its APIs without controllers here.
        _fleet = FleetHost.Build(new FleetHostOptions { Port = 0, RunControllers = false });
        await _fleet.StartAsync();
        FleetAddress = FleetHost.BaseAddress(_fleet);
        var ca = _fleet.Services.GetRequiredService<FleetCertificate>().AuthorityPem;
        Kubeconfig.Write(KubeconfigPath, Kubeconfig.Render(FleetHost.SecureAddress(_fleet), ca, Fleet.Clusters.Select(c => c.Name), Fleet.AdminToken));
        var now = DateTimeOffset.UtcNow;
        SeedStories.SeedCheckout(Cluster("prod-us-east"), now);
        SeedStories.SeedPayments(Cluster("prod-eu-west"), now);
        SeedStories.SeedNoise(Cluster("staging"), "noisy", 400, now);
        foreach (var spoke in Spokes)
        {
            await StartAddonAsync(spoke, AddonRbac.ServiceAccount, new SpokeAddonOptions { Issuer = Realm });
        }
    }

    /// <summary>Starts an addon for <paramref name="cluster"/> on a free loopback port and registers it under <paramref name="service"/>.</summary>
    public async Task<SpokeAddonHost> StartAddonAsync(string cluster, string service, SpokeAddonOptions options)
    {
        using var admin = Admin(cluster);
        var token = _rbacInstalled.Add(cluster)
            ? await AddonRbac.InstallAsync(admin, CancellationToken.None)
            : await AddonRbac.MintTokenAsync(admin, CancellationToken.None);
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath, cluster);
        config.AccessToken = token;
        config.TokenProvider = null;
        var addon = await SpokeAddonHost.StartAsync(options, new k8s.Kubernetes(config));
        _addons.Add(addon);
        Fleet.Services.Register(cluster, AddonRbac.Namespace, service, addon.BaseAddress);

        // Installing the addon on a real hub merges ocm-manifests/spoke-addon/cluster-proxy-exposed-services.yaml.
        Kubernaut.KindFleet.ClusterProxy.ExposedServices.Allow(Fleet, AddonRbac.Namespace, service, 8080, "http");
        return addon;
    }

    /// <summary>The cluster-proxy service-proxy URL of a spoke's addon MCP endpoint.</summary>
    public Uri McpUrl(string cluster, string service = AddonRbac.ServiceAccount) =>
        new(FleetAddress, $"cluster-proxy/{cluster}/api/v1/namespaces/{AddonRbac.Namespace}/services/http:{service}:8080/proxy-service/mcp");

    public IKubernetes Admin(string cluster) =>
        new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath, cluster));

    internal SimulatedCluster Cluster(string name) => Fleet.Find(name)!;

    /// <summary>A client_credentials token of a realm client (demo secrets are <c>&lt;client-id&gt;-secret</c>).</summary>
    public Task<string> TokenAsync(string clientId, Uri? realm = null) => Tokens.RequestAsync(realm ?? Realm, clientId, clientId + "-secret");

    /// <summary>The real MCP C# client over streamable HTTP through cluster-proxy, bearing <paramref name="token"/>.</summary>
    public async Task<McpClient> ConnectAsync(string cluster, string token, string service = AddonRbac.ServiceAccount)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = McpUrl(cluster, service),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" },
        });
        return await McpClient.CreateAsync(transport, new McpClientOptions { ClientInfo = new() { Name = "kubernaut-hub-tests", Version = "1.0" } },
            cancellationToken: TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var addon in _addons)
        {
            await addon.DisposeAsync();
        }

        if (_fleet is not null)
        {
            await _fleet.StopAsync();
            await _fleet.DisposeAsync();
        }

        File.Delete(KubeconfigPath);
    }
}
