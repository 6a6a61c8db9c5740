using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Storage;

namespace Kubernaut.KindFleet.Resources;

/// <summary>
/// The apiextensions controller: each stored CustomResourceDefinition becomes served resource types
/// (with its printer columns and subresources) and gets the Established/NamesAccepted conditions.
/// Deleting a CRD stops serving it and removes its objects.
/// </summary>
internal static class CustomResourceDefinitions
{
    public static readonly GroupResource Resource = new("apiextensions.k8s.io", "customresourcedefinitions");

    public static void Attach(SimulatedCluster cluster) => cluster.Store.Changed += e =>
    {
        if (e.Resource != Resource)
        {
            return;
        }

        if (e.Type == WatchEventType.Deleted)
        {
            Remove(cluster, e.Name, e.Object);
            return;
        }

        var types = TypesOf(e.Object);
        var accepted = cluster.Catalog.SetCrdTypes(e.Name, types);
        MarkEstablished(cluster, e.Name, accepted);
    };

    public static IReadOnlyList<ResourceType> TypesOf(JsonObject crd)
    {
        var spec = crd["spec"];
        var names = spec?["names"];
        var group = spec.Str("group") ?? "";
        var kind = names.Str("kind") ?? "";
        var plural = names.Str("plural") ?? kind.ToLowerInvariant() + "s";
        var shortNames = (names?["shortNames"] as JsonArray)?.Select(n => n.ScalarText() ?? "").ToList() ?? [];
        var categories = (names?["categories"] as JsonArray)?.Select(n => n.ScalarText() ?? "").ToList() ?? [];
        var namespaced = spec.Str("scope") != "Cluster";
        return spec?["versions"].Objects()
            .Where(v => v.Bool("served") != false)
            .Select(v => new ResourceType(group, v.Str("name") ?? "v1", kind, plural, namespaced, shortNames,
                Subresources(v["subresources"]), Columns(v["additionalPrinterColumns"]))
            { Categories = categories })
            .ToList() ?? [];
    }

    private static List<string> Subresources(JsonNode? node) =>
        node is JsonObject o ? [.. o.Select(kv => kv.Key).Where(k => k is "status" or "scale")] : [];

    private static List<PrinterColumn> Columns(JsonNode? node) =>
        [.. node.Objects().Select(c => new PrinterColumn(
            c.Str("name") ?? "", c.Str("type") ?? "string", c.Str("jsonPath") ?? "", (int)(c.Long("priority") ?? 0), c.Str("description") ?? ""))];

    private static void MarkEstablished(SimulatedCluster cluster, string name, bool accepted)
    {
        var type = cluster.Type(Resource.Group, Resource.Resource);
        cluster.Store.Mutate(type, "", name, crd =>
        {
            var status = crd.Child("status");
            var reason = accepted ? "NoConflicts" : "ConflictingResource";
            status["conditions"] = new JsonArray(
                Condition("NamesAccepted", accepted, reason),
                Condition("Established", accepted, accepted ? "InitialNamesAccepted" : reason));
            status["acceptedNames"] = crd["spec"]?["names"]?.DeepClone();
            status["storedVersions"] = new JsonArray([.. (crd["spec"]?["versions"]).Objects().Where(v => v.Bool("storage") == true).Select(v => (JsonNode?)v.Str("name"))]);
            return crd;
        });
    }

    private static JsonObject Condition(string type, bool ok, string reason) => new()
    {
        ["type"] = type,
        ["status"] = ok ? "True" : "False",
        ["reason"] = reason,
        ["message"] = ok ? "the initial names have been accepted" : "a built-in resource already serves these names",
    };

    private static void Remove(SimulatedCluster cluster, string name, JsonObject crd)
    {
        var types = TypesOf(crd);
        cluster.Catalog.RemoveCrdTypes(name);
        foreach (var type in types.DistinctBy(t => t.GroupResource))
        {
            foreach (var obj in cluster.Store.List(type.GroupResource, null).Items)
            {
                cluster.Store.Delete(type, obj.Metadata().Str("namespace") ?? "", obj.Metadata().Str("name") ?? "");
            }
        }
    }
}
