using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Selectors;

namespace Kubernaut.KindFleet.Ocm;

/// <summary>The placement scheduler's filter: bound cluster sets, then predicates (label and claim selectors), then taints.</summary>
internal static class ClusterSelection
{
    public static List<string> Select(SimulatedCluster hub, JsonObject placement)
    {
        var ns = placement.Metadata().Str("namespace") ?? "";
        var spec = placement["spec"] as JsonObject ?? [];
        var bound = hub.Store.List(OcmNames.ManagedClusterSetBindings, ns).Items
            .Select(b => b["spec"].Str("clusterSet") ?? "")
            .ToHashSet(StringComparer.Ordinal);
        var requested = spec["clusterSets"].Strings().ToList();
        var sets = hub.Store.List(OcmNames.ManagedClusterSets, null).Items
            .Where(s => bound.Contains(s.Metadata().Str("name") ?? "") && (requested.Count == 0 || requested.Contains(s.Metadata().Str("name") ?? "")))
            .ToList();

        var tolerations = spec["tolerations"].Objects().ToList();
        var predicates = spec["predicates"].Objects().Select(p => p["requiredClusterSelector"] as JsonObject).OfType<JsonObject>().ToList();
        return [.. hub.Store.List(OcmNames.ManagedClusters, null).Items
            .Where(c => sets.Any(s => InSet(c, s)))
            .Where(c => predicates.Count == 0 || predicates.Any(p => Matches(c, p)))
            .Where(c => !Excluded(c, tolerations))
            .Select(c => c.Metadata().Str("name") ?? "")
            .Order(StringComparer.Ordinal)];
    }

    private static bool InSet(JsonObject cluster, JsonObject set)
    {
        var selector = set["spec"]?["clusterSelector"];
        return (selector.Str("selectorType") ?? "ExclusiveClusterSetLabel") switch
        {
            "LabelSelector" => LabelSelector.FromObject(selector?["labelSelector"] ?? new JsonObject()).Matches(cluster.Metadata()["labels"].StringMap()),
            _ => cluster.Metadata()["labels"].StringMap().GetValueOrDefault(OcmNames.ClusterSetLabel) == set.Metadata().Str("name"),
        };
    }

    private static bool Matches(JsonObject cluster, JsonObject required)
    {
        var labels = cluster.Metadata()["labels"].StringMap();
        var claims = cluster["status"]?["clusterClaims"].Objects()
            .Where(c => c.Str("name") is not null)
            .ToDictionary(c => c.Str("name")!, c => c.Str("value") ?? "", StringComparer.Ordinal) ?? [];
        return (required["labelSelector"] is not JsonObject labelSelector || LabelSelector.FromObject(labelSelector).Matches(labels))
            && (required["claimSelector"] is not JsonObject claimSelector || LabelSelector.FromObject(claimSelector).Matches(claims));
    }

    /// <summary>NoSelect taints exclude a cluster unless a toleration matches them (Equal on key/value, or Exists on key).</summary>
    private static bool Excluded(JsonObject cluster, List<JsonObject> tolerations) =>
        cluster["spec"]?["taints"].Objects().Any(t => t.Str("effect") is "NoSelect" or "NoSelectIfNew" && !tolerations.Any(tol =>
            (tol.Str("key") is null || tol.Str("key") == t.Str("key"))
            && (tol.Str("operator") == "Exists" || tol.Str("value") == t.Str("value"))
            && (tol.Str("effect") is null || tol.Str("effect") == t.Str("effect")))) ?? false;
}
