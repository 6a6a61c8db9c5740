using System.Text.Json.Nodes;
using Kubernaut.KindFleet.ApiServer;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Ocm;

/// <summary>
/// The OCM CustomResourceDefinitions (ocm-manifests/crds, embedded): stored as real CRD objects on the hub, so the
/// apiextensions path serves them and <c>kubectl get crd</c> lists them, as on a hub installed by clusteradm.
/// </summary>
internal static class OcmCrds
{
    private const string Prefix = "ocm-crds/";

    public static IReadOnlyList<JsonObject> Load()
    {
        var assembly = typeof(OcmCrds).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return RequestBody.FromYaml(reader.ReadToEnd()) as JsonObject ?? throw new InvalidOperationException($"{n} is not a YAML object");
            })];
    }

    public static void Install(SimulatedCluster hub)
    {
        var crdType = hub.Type(CustomResourceDefinitions.Resource.Group, CustomResourceDefinitions.Resource.Resource);
        foreach (var crd in Load())
        {
            hub.Store.Create(crdType, crd);
        }
    }
}
