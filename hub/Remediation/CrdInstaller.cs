using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Kubernaut.Hub.Hosting;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Remediation;

/// <summary>
/// Puts what the hub stores its state in onto the hub cluster at start, when missing: its namespace, the
/// RemediationRequest CRD and the InvestigationSession CRD (the same YAML as <c>ocm-manifests/crds/*.yaml</c>, embedded).
/// Retries until the hub API answers; readiness waits for it.
/// </summary>
internal sealed partial class CrdInstaller(IKubernetes hub, IOptions<HubOptions> options, HubReadiness readiness, TimeProvider time,
    ILogger<CrdInstaller> logger) : BackgroundService
{
    public const string ReadinessPart = "remediationrequest-crd";

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        readiness.Require(ReadinessPart, "RemediationRequest CRD not yet installed on the hub");
        return base.StartAsync(cancellationToken);
    }

    /// <summary>The CRDs of the hub's own state, as embedded resource names.</summary>
    public static readonly IReadOnlyList<string> Crds = ["remediationrequest.yaml", "investigationsession.yaml"];

    public static V1CustomResourceDefinition LoadCrd(string file = "remediationrequest.yaml")
    {
        using var stream = typeof(CrdInstaller).Assembly.GetManifestResourceStream("Kubernaut.Hub.Crds." + file)
            ?? throw new InvalidOperationException($"the CRD {file} is not embedded in the hub assembly");
        using var reader = new StreamReader(stream);
        return KubernetesYaml.Deserialize<V1CustomResourceDefinition>(reader.ReadToEnd());
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await EnsureNamespaceAsync(stoppingToken);
                foreach (var file in Crds)
                {
                    await EnsureCrdAsync(LoadCrd(file), stoppingToken);
                }

                readiness.MarkReady(ReadinessPart);
                return;
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                LogHubUnreachable(logger, e.Message);
                readiness.MarkNotReady(ReadinessPart, "hub cluster not reachable: " + e.Message);
                await Task.Delay(delay, time, stoppingToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    private async Task EnsureNamespaceAsync(CancellationToken ct)
    {
        try
        {
            await hub.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = options.Value.Namespace } }, cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Already there: another replica, or an operator, created it.
        }
    }

    private async Task EnsureCrdAsync(V1CustomResourceDefinition crd, CancellationToken ct)
    {
        try
        {
            await hub.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: ct);
            LogCrdInstalled(logger, crd.Metadata.Name);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Installed before (by a previous start, another replica, or kubectl apply of ocm-manifests/): keep theirs.
        }

        for (var i = 0; i < 100; i++)
        {
            var stored = await hub.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crd.Metadata.Name, cancellationToken: ct);
            if (stored.Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") == true)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, ct);
        }

        throw new HttpRequestException($"CRD {crd.Metadata.Name} did not become Established");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "hub cluster not reachable yet: {Error}")]
    private static partial void LogHubUnreachable(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "installed CRD {Crd} on the hub")]
    private static partial void LogCrdInstalled(ILogger logger, string crd);
}
