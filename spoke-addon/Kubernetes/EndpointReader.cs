using k8s;
using k8s.Models;

namespace Kubernaut.SpokeAddon.Kubernetes;

public sealed record EndpointAddress(string Ip, string? Pod, string? Node);

public sealed record ServiceEndpoints(
    string Service,
    int Ready,
    int NotReady,
    IReadOnlyList<EndpointAddress> ReadyAddresses,
    IReadOnlyList<EndpointAddress> NotReadyAddresses,
    IReadOnlyList<string> Ports,
    string Source);

/// <summary>
/// Ready and not-ready backends per Service, from the Endpoints object (still mirrored by Kubernetes) or, where there
/// is none, from the Service's EndpointSlices.
/// </summary>
public sealed class EndpointReader(IKubernetes kube)
{
    private const string ServiceNameLabel = "kubernetes.io/service-name";

    public async Task<IReadOnlyList<ServiceEndpoints>> ListAsync(string ns, string? service, CancellationToken ct)
    {
        var endpoints = await KubeErrors.ReadAsync($"endpoints in {ns}", () => kube.CoreV1.ListNamespacedEndpointsAsync(ns, cancellationToken: ct));
        var result = endpoints.Items
            .Where(e => service is null || e.Metadata.Name == service)
            .Select(FromEndpoints)
            .ToList();
        if (service is not null && result.Count == 0)
        {
            var slices = await KubeErrors.ReadAsync($"endpointslices of service {ns}/{service}",
                () => kube.DiscoveryV1.ListNamespacedEndpointSliceAsync(ns, labelSelector: $"{ServiceNameLabel}={service}", cancellationToken: ct));
            if (slices.Items.Count > 0)
            {
                result.Add(FromSlices(service, slices.Items));
            }
        }

        return result.OrderBy(e => e.NotReady == 0 && e.Ready > 0 ? 1 : 0).ThenBy(e => e.Service, StringComparer.Ordinal).ToList();
    }

    private static ServiceEndpoints FromEndpoints(V1Endpoints endpoints)
    {
        var subsets = endpoints.Subsets ?? [];
        var ready = subsets.SelectMany(s => s.Addresses ?? []).Select(Address).ToList();
        var notReady = subsets.SelectMany(s => s.NotReadyAddresses ?? []).Select(Address).ToList();
        var ports = subsets.SelectMany(s => s.Ports ?? []).Select(p => $"{p.Port}/{p.Protocol ?? "TCP"}").Distinct().ToList();
        return new ServiceEndpoints(endpoints.Metadata.Name, ready.Count, notReady.Count, ready, notReady, ports, "Endpoints");
    }

    private static ServiceEndpoints FromSlices(string service, IEnumerable<V1EndpointSlice> slices)
    {
        var all = slices.ToList();
        var endpoints = all.SelectMany(s => s.Endpoints ?? []).ToList();
        var ready = endpoints.Where(e => e.Conditions?.Ready ?? true).SelectMany(SliceAddresses).ToList();
        var notReady = endpoints.Where(e => !(e.Conditions?.Ready ?? true)).SelectMany(SliceAddresses).ToList();
        var ports = all.SelectMany(s => s.Ports ?? []).Select(p => $"{p.Port}/{p.Protocol ?? "TCP"}").Distinct().ToList();
        return new ServiceEndpoints(service, ready.Count, notReady.Count, ready, notReady, ports, "EndpointSlice");
    }

    private static EndpointAddress Address(V1EndpointAddress a) => new(a.Ip, a.TargetRef?.Kind == "Pod" ? a.TargetRef.Name : a.TargetRef?.Name, a.NodeName);

    private static IEnumerable<EndpointAddress> SliceAddresses(V1Endpoint e) =>
        (e.Addresses ?? []).Select(ip => new EndpointAddress(ip, e.TargetRef?.Name, e.NodeName));
}
