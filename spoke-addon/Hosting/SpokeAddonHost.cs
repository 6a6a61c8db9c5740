using System.Net;
using k8s;
using Kubernaut.Keycloak;
using Kubernaut.SpokeAddon.Auth;
using Kubernaut.SpokeAddon.Kubernetes;
using Kubernaut.SpokeAddon.Tools;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Kubernaut.SpokeAddon.Hosting;

/// <summary>
/// The addon's web host: the MCP endpoint at <c>/mcp</c> (streamable HTTP, stateless) behind Keycloak bearer
/// authentication and the investigator role, plus an anonymous <c>/healthz</c> for probes. Startable in-process, so
/// the simulated fleet can run one per spoke on its own loopback port.
/// </summary>
public sealed class SpokeAddonHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SpokeAddonHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary><c>http://127.0.0.1:P/</c> (the port resolved when 0 was asked for).</summary>
    public Uri BaseAddress { get; }

    public Uri McpEndpoint => new(BaseAddress, "mcp");

    /// <param name="kubernetes">The cluster to read; built from the options' kubeconfig (or in-cluster config) when null.</param>
    public static async Task<SpokeAddonHost> StartAsync(SpokeAddonOptions options, IKubernetes? kubernetes = null, CancellationToken cancellationToken = default)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("spoke-addon options: " + string.Join("; ", problems), nameof(options));
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Parse(options.Listen), options.Port));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Kubernaut", LogLevel.Information);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(options.Time);
        builder.Services.AddSingleton(kubernetes ?? KubernetesConnection.Create(options));
        builder.Services.AddEphemeralDataProtectionKeys();
        builder.Services.AddClusterReaders();
        builder.Services.AddSingleton<ToolOutput>();
        builder.Services.AddSpokeAuthentication(options);
        builder.Services.AddMcpServer(o => o.ServerInfo = new() { Name = "kubernaut-spoke-mcp", Version = "1.0.0" })
            .WithHttpTransport()
            .WithTools<EventTools>()
            .WithTools<PodTools>()
            .WithTools<WorkloadTools>()
            .WithTools<ClusterStateTools>();

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/healthz", () => "ok");
        app.MapMcp("/mcp").RequireAuthorization(SpokeAuthentication.InvestigatorPolicy);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SpokeAddonHost(app, new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/"));
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
