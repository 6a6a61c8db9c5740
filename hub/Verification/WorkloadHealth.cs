using System.Net;
using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Kubernaut.Hub.Fleet;

namespace Kubernaut.Hub.Verification;

/// <summary>A workload the verification looks at.</summary>
internal sealed record WorkloadRef(string Kind, string Namespace, string Name)
{
    public override string ToString() => $"{Kind} {Namespace}/{Name}";
}

/// <summary>What one look at the workloads found: spec fingerprints, restarts per pod, and what is unhealthy.</summary>
internal sealed record HealthSample(Dictionary<string, string> SpecHashes, Dictionary<string, int> Restarts, List<string> Problems, List<string> Facts);

/// <summary>
/// Reads the workloads on the spoke: every replica ready, pods Running and ready, restarts per pod, containers
/// OOMKilled since a time, and a hash of each spec (for drift).
/// </summary>
internal sealed class WorkloadHealth(ISpokeClients spokes)
{
    public async Task<HealthSample> SampleAsync(string cluster, IReadOnlyList<WorkloadRef> workloads, DateTimeOffset since, CancellationToken ct)
    {
        var client = spokes.For(cluster);
        var sample = new HealthSample([], [], [], []);
        foreach (var w in workloads)
        {
            var (spec, selector, desired, ready) = await ReadAsync(client, w, ct);
            if (spec is null)
            {
                sample.Problems.Add($"{w} not found");
                continue;
            }

            sample.SpecHashes[w.ToString()] = Hash(spec);
            sample.Facts.Add($"{w}: {ready}/{desired} ready");
            if (ready < desired)
            {
                sample.Problems.Add($"{w}: only {ready} of {desired} replicas ready");
            }

            var pods = await client.CoreV1.ListNamespacedPodAsync(w.Namespace, labelSelector: selector, cancellationToken: ct);
            foreach (var pod in pods.Items.Where(p => p.Metadata.DeletionTimestamp is null))
            {
                var statuses = pod.Status?.ContainerStatuses ?? [];
                sample.Restarts[$"{w.Namespace}/{pod.Metadata.Name}"] = statuses.Sum(s => s.RestartCount);
                foreach (var s in statuses.Where(s => s.LastState?.Terminated is { Reason: "OOMKilled" } t && (t.FinishedAt ?? DateTime.MinValue) >= since.UtcDateTime))
                {
                    sample.Problems.Add($"{pod.Metadata.Name}/{s.Name} OOMKilled during the window");
                }
            }
        }

        return sample;
    }

    private static async Task<(object? Spec, string Selector, int Desired, int Ready)> ReadAsync(IKubernetes client, WorkloadRef w, CancellationToken ct)
    {
        try
        {
            switch (w.Kind)
            {
                case "Deployment":
                    var d = await client.AppsV1.ReadNamespacedDeploymentAsync(w.Name, w.Namespace, cancellationToken: ct);
                    return (d.Spec, Selector(d.Spec.Selector), d.Spec.Replicas ?? 1, d.Status?.ReadyReplicas ?? 0);
                case "StatefulSet":
                    var s = await client.AppsV1.ReadNamespacedStatefulSetAsync(w.Name, w.Namespace, cancellationToken: ct);
                    return (s.Spec, Selector(s.Spec.Selector), s.Spec.Replicas ?? 1, s.Status?.ReadyReplicas ?? 0);
                case "DaemonSet":
                    var ds = await client.AppsV1.ReadNamespacedDaemonSetAsync(w.Name, w.Namespace, cancellationToken: ct);
                    return (ds.Spec, Selector(ds.Spec.Selector), ds.Status?.DesiredNumberScheduled ?? 0, ds.Status?.NumberReady ?? 0);
                default:
                    return (null, "", 0, 0);
            }
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return (null, "", 0, 0);
        }
    }

    private static string Selector(V1LabelSelector? selector) =>
        string.Join(",", (selector?.MatchLabels ?? new Dictionary<string, string>()).Select(kv => $"{kv.Key}={kv.Value}"));

    /// <summary>A fingerprint of the whole spec: any change by anyone during the window shows.</summary>
    private static string Hash(object spec) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(KubernetesJson.Serialize(spec))))[..16].ToLowerInvariant();
}
