using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;

namespace Kubernaut.Hub.Fleet;

/// <summary>The ManagedClusters registered on the OCM hub (<c>cluster.open-cluster-management.io/v1</c>).</summary>
internal sealed class ManagedClusterCatalog(IKubernetes hub)
{
    public const string Group = "cluster.open-cluster-management.io";
    public const string Version = "v1";
    public const string Plural = "managedclusters";

    public async Task<IReadOnlyList<ManagedClusterInfo>> ListAsync(CancellationToken ct)
    {
        JsonElement list;
        try
        {
            list = (JsonElement)await hub.CustomObjects.ListClusterCustomObjectAsync(Group, Version, Plural, cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // No OCM on this hub (yet): no managed clusters.
            return [];
        }

        return [.. list.GetProperty("items").EnumerateArray().Select(Read)];
    }

    private static ManagedClusterInfo Read(JsonElement item)
    {
        var meta = item.GetProperty("metadata");
        return new ManagedClusterInfo(meta.Text("name") ?? "", Map(meta, "labels"), Map(meta, "annotations"), item.HasTrueCondition("ManagedClusterConditionAvailable"));
    }

    private static Dictionary<string, string> Map(JsonElement e, string name) =>
        e.Child(name) is { ValueKind: JsonValueKind.Object } v
            ? v.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : p.Value.ToString(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
}
