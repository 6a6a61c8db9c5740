using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Kubernaut.Hub.Hosting;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Workflows;

/// <summary>
/// At start: creates the RemediationWorkflow CRD on the hub when missing (the same YAML as
/// ocm-manifests/crds/remediationworkflow.yaml, embedded) and, with <c>Workflows:ApplyDirectory</c>, applies the
/// catalog entries found there. Retries until the hub answers; readiness waits for it.
/// </summary>
internal sealed partial class WorkflowInstaller(IKubernetes hub, IOptions<HubOptions> hubOptions, IOptions<WorkflowOptions> options, WorkflowCatalog catalog,
    HubReadiness readiness, TimeProvider time, ILogger<WorkflowInstaller> logger) : BackgroundService
{
    public const string ReadinessPart = "remediationworkflow-crd";

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        readiness.Require(ReadinessPart, "RemediationWorkflow CRD not yet installed on the hub");
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await EnsureCrdAsync(stoppingToken);
                if (options.Value.ApplyDirectory is { Length: > 0 } directory)
                {
                    var applied = await ApplyDirectoryAsync(hub, hubOptions.Value.Namespace, directory, stoppingToken);
                    LogApplied(logger, applied, directory);
                    catalog.Invalidate();
                }

                readiness.MarkReady(ReadinessPart);
                return;
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                readiness.MarkNotReady(ReadinessPart, "hub cluster not reachable: " + e.Message);
                await Task.Delay(delay, time, stoppingToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    /// <summary>Creates or replaces every RemediationWorkflow in the directory's <c>*.workflow.yaml</c>; returns how many.</summary>
    public static async Task<int> ApplyDirectoryAsync(IKubernetes hub, string ns, string directory, CancellationToken ct)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Workflows:ApplyDirectory {directory} does not exist");
        }

        var count = 0;
        foreach (var file in Directory.GetFiles(directory, "*.workflow.yaml").Order(StringComparer.Ordinal))
        {
            foreach (var doc in YamlDocuments.Parse(await File.ReadAllTextAsync(file, ct)).Where(d => d["kind"]?.GetValue<string>() == RemediationWorkflow.Kind))
            {
                await ApplyAsync(hub, ns, doc, ct);
                count++;
            }
        }

        return count;
    }

    private static async Task ApplyAsync(IKubernetes hub, string ns, JsonObject doc, CancellationToken ct)
    {
        var metadata = (JsonObject)doc["metadata"]!;
        metadata["namespace"] = ns;
        var name = metadata["name"]!.GetValue<string>();
        try
        {
            await hub.CustomObjects.CreateNamespacedCustomObjectAsync(doc, RemediationWorkflow.Group, RemediationWorkflow.Version, ns, RemediationWorkflow.Plural, cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            var patch = new JsonObject { ["spec"] = doc["spec"]!.DeepClone() };
            await hub.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch),
                RemediationWorkflow.Group, RemediationWorkflow.Version, ns, RemediationWorkflow.Plural, name, cancellationToken: ct);
        }
    }

    private async Task EnsureCrdAsync(CancellationToken ct)
    {
        using var stream = typeof(WorkflowInstaller).Assembly.GetManifestResourceStream("Kubernaut.Hub.Crds.remediationworkflow.yaml")
            ?? throw new InvalidOperationException("the RemediationWorkflow CRD is not embedded in the hub assembly");
        using var reader = new StreamReader(stream);
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await reader.ReadToEndAsync(ct));
        try
        {
            await hub.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Installed before (the fleet, an operator, another replica): keep theirs.
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

    [LoggerMessage(Level = LogLevel.Information, Message = "applied {Count} RemediationWorkflows from {Directory}")]
    private static partial void LogApplied(ILogger logger, int count, string directory);
}
