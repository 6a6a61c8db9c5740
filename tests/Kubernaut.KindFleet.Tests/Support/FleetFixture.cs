using k8s;
using Kubernaut.KindFleet.Fleet;

namespace Kubernaut.KindFleet.Tests.Support;

/// <summary>
/// A simulated fleet on a free loopback port, with its kubeconfig on disk: what `kind-fleet up` gives a user.
/// </summary>
public class FleetFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public string KubeconfigPath { get; } = Path.Combine(Path.GetTempPath(), $"kind-fleet-{Guid.NewGuid():N}.kubeconfig");

    public Uri BaseAddress { get; private set; } = null!;

    public Uri SecureAddress { get; private set; } = null!;

    public string CaPem { get; private set; } = "";

    internal SimulatedFleet Fleet => _app!.Services.GetRequiredService<SimulatedFleet>();

    /// <summary>Override to run the fleet on another clock (a fast simulation clock, say).</summary>
    internal TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>False runs the apiserver alone (no controllers, kubelet or addon agents), as envtest does.</summary>
    internal bool RunControllers { get; init; } = true;

    /// <summary>Override to run only some clusters (the hub and the one a test breaks, say).</summary>
    internal IReadOnlyList<string> ClusterNames { get; init; } = FleetBootstrap.DefaultClusters;

    /// <summary>Override to add or replace services of the fleet host (a container behaviour, say).</summary>
    internal Action<WebApplicationBuilder>? Configure { get; init; }

    public async ValueTask InitializeAsync()
    {
        _app = FleetHost.Build(new FleetHostOptions { Port = 0, Time = Time, RunControllers = RunControllers, ClusterNames = ClusterNames }, Configure);
        await _app.StartAsync();
        BaseAddress = FleetHost.BaseAddress(_app);
        SecureAddress = FleetHost.SecureAddress(_app);
        CaPem = _app.Services.GetRequiredService<FleetCertificate>().AuthorityPem;
        Kubeconfig.Write(KubeconfigPath, Kubeconfig.Render(SecureAddress, CaPem, Fleet.Clusters.Select(c => c.Name), Fleet.AdminToken));
    }

    /// <summary>A KubernetesClient for one cluster's context in the generated kubeconfig.</summary>
    public IKubernetes Client(string context) =>
        new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath, context));

    /// <summary>A KubernetesClient authenticating with a bearer token instead of the admin credential.</summary>
    public IKubernetes ClientWithToken(string context, string token)
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath, context);
        config.AccessToken = token;
        config.TokenProvider = null;
        return new Kubernetes(config);
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        File.Delete(KubeconfigPath);
    }
}
