using k8s;
using Kubernaut.KindFleet.Fleet;

namespace Kubernaut.Hub.Tests.Support;

/// <summary>
/// The simulated fleet the hub talks to, on a free loopback port, with its kubeconfig on disk (same pattern as the
/// kind-fleet tests' fixture, kept separate on purpose).
/// </summary>
public sealed class FleetFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public string KubeconfigPath { get; } = Path.Combine(Path.GetTempPath(), $"hub-fleet-{Guid.NewGuid():N}.kubeconfig");

    public Uri SecureAddress { get; private set; } = null!;

    /// <summary>The plain-http address of the same port (the dev Keycloak realm is served there too).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public Uri Realm => new(BaseAddress, "realms/kubernaut");

    /// <summary>The fleet's clock: a fast simulation clock lets a scenario's story play in seconds.</summary>
    internal TimeProvider Time { get; init; } = TimeProvider.System;

    public async ValueTask InitializeAsync()
    {
        _app = FleetHost.Build(new FleetHostOptions { Port = 0, Time = Time });
        await _app.StartAsync();
        SecureAddress = FleetHost.SecureAddress(_app);
        BaseAddress = FleetHost.BaseAddress(_app);
        var fleet = _app.Services.GetRequiredService<SimulatedFleet>();
        var ca = _app.Services.GetRequiredService<FleetCertificate>().AuthorityPem;
        Kubeconfig.Write(KubeconfigPath, Kubeconfig.Render(SecureAddress, ca, fleet.Clusters.Select(c => c.Name), fleet.AdminToken));
        await FleetObjects.EnsureManagedClustersAsync(Client("hub"), ["prod-us-east", "prod-eu-west", "staging"], CancellationToken.None);
    }

    /// <summary>The cluster-proxy user-server URL form on this fleet.</summary>
    public string ClusterProxyUrl => new Uri(SecureAddress, "cluster-proxy").ToString();

    public IKubernetes Client(string context) =>
        new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath, context));

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        File.Delete(KubeconfigPath);
    }
}
