using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Ocm;

/// <summary>
/// The placement scheduler: each Placement gets PlacementDecision <c>&lt;name&gt;-decision-1</c> (labelled
/// <c>cluster.open-cluster-management.io/placement=&lt;name&gt;</c>) listing the selected clusters, and status
/// numberOfSelectedClusters, decisionGroups and PlacementSatisfied. Decisions of a deleted Placement are removed.
/// </summary>
internal sealed class PlacementController : IClusterController
{
    public IReadOnlyCollection<GroupResource> Watches { get; } =
        [OcmNames.Placements, OcmNames.ManagedClusters, OcmNames.ManagedClusterSets, OcmNames.ManagedClusterSetBindings, OcmNames.PlacementDecisions];

    public bool RunsOn(SimulatedCluster cluster) => cluster.Name == SimulatedFleet.HubName;

    public TimeSpan? Reconcile(SimulatedCluster hub)
    {
        var now = hub.Time.GetUtcNow();
        var live = new HashSet<string>();
        foreach (var placement in hub.Store.List(OcmNames.Placements, null).Items.Where(p => !OcmStore.IsDeleting(p)))
        {
            var meta = placement.Metadata();
            var (ns, name) = (meta.Str("namespace") ?? "", meta.Str("name") ?? "");
            live.Add(meta.Str("uid") ?? "");
            var selected = ClusterSelection.Select(hub, placement);
            var wanted = placement["spec"].Long("numberOfClusters");
            var decided = wanted is { } n ? selected.Take((int)n).ToList() : selected;
            var decisionName = $"{name}-decision-1";
            var decision = OcmStore.Upsert(hub, new JsonObject
            {
                ["apiVersion"] = $"{OcmNames.ClusterGroup}/v1beta1",
                ["kind"] = "PlacementDecision",
                ["metadata"] = new JsonObject
                {
                    ["name"] = decisionName,
                    ["namespace"] = ns,
                    ["labels"] = new JsonObject
                    {
                        [OcmNames.PlacementLabel] = name,
                        [OcmNames.DecisionGroupIndexLabel] = "0",
                        [OcmNames.DecisionGroupNameLabel] = "",
                    },
                    ["ownerReferences"] = new JsonArray(OcmStore.OwnerReference(placement)),
                },
            });
            OcmStore.SetStatus(hub, decision, status =>
                status["decisions"] = new JsonArray([.. decided.Select(c => (JsonNode)new JsonObject { ["clusterName"] = c, ["reason"] = "" })]));

            var satisfied = wanted is { } count ? decided.Count >= count : decided.Count > 0;
            OcmStore.SetStatus(hub, placement, status =>
            {
                status["numberOfSelectedClusters"] = decided.Count;
                status["decisionGroups"] = new JsonArray(new JsonObject
                {
                    ["decisionGroupIndex"] = 0,
                    ["decisionGroupName"] = "",
                    ["decisions"] = new JsonArray(decisionName),
                    ["clusterCount"] = decided.Count,
                });
                OcmConditions.Set(status, "PlacementMisconfigured", false, "Succeedconfigured", "Placement configurations check pass", now, placement.Metadata().Long("generation"));
                OcmConditions.Set(status, "PlacementSatisfied", satisfied,
                    satisfied ? "AllDecisionsScheduled" : decided.Count == 0 ? "NoManagedClusterMatched" : "NotAllDecisionsScheduled",
                    satisfied ? "All cluster decisions scheduled" : $"{decided.Count} cluster(s) selected, {wanted?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "at least 1"} requested",
                    now, placement.Metadata().Long("generation"));
            });
        }

        foreach (var decision in hub.Store.List(OcmNames.PlacementDecisions, null).Items)
        {
            if (OcmStore.OwnerUid(decision, "Placement") is { } owner && !live.Contains(owner))
            {
                OcmStore.Delete(hub, OcmNames.PlacementDecisions, decision.Metadata().Str("namespace") ?? "", decision.Metadata().Str("name") ?? "");
            }
        }

        return null;
    }

    /// <summary>The union of a placement's decisions, as clients resolve it (contracts.md §1.4).</summary>
    public static List<string> Decisions(SimulatedCluster hub, string ns, string placement) =>
        [.. hub.Store.List(OcmNames.PlacementDecisions, ns, d => d.Metadata()["labels"].StringMap().GetValueOrDefault(OcmNames.PlacementLabel) == placement).Items
            .SelectMany(d => d["status"]?["decisions"].Objects() ?? [])
            .Select(d => d.Str("clusterName") ?? "")
            .Where(c => c.Length > 0)
            .Distinct()];
}
