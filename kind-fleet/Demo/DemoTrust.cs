using System.Text.Json;
using k8s;
using k8s.Models;

namespace Kubernaut.KindFleet.Demo;

/// <summary>Puts the seed's production clusters at L3 (approve), through the hub API as an operator would label them.</summary>
internal static class DemoTrust
{
    public static async Task ApplyAsync(DemoSettings settings, CancellationToken ct)
    {
        using var hub = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(settings.KubeconfigPath, "hub"));
        foreach (var cluster in new[] { "prod-us-east", "prod-eu-west" })
        {
            var patch = JsonSerializer.Serialize(new { metadata = new { labels = new Dictionary<string, string> { ["kubernaut.ai/trust-level"] = "L3" } } });
            await hub.CustomObjects.PatchClusterCustomObjectAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch),
                "cluster.open-cluster-management.io", "v1", "managedclusters", cluster, cancellationToken: ct);
        }
    }
}
