using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Ocm;

/// <summary>
/// The cluster-permission controller: each ClusterPermission in a cluster namespace becomes a ManifestWork of RBAC
/// objects it controls (ownerReference + label), which the work agent applies to the spoke. A ManifestWork whose
/// ClusterPermission is gone is deleted, and with it the RBAC on the spoke.
/// </summary>
internal sealed class ClusterPermissionController(SimulatedFleet fleet) : IClusterController
{
    public IReadOnlyCollection<GroupResource> Watches { get; } = [OcmNames.ClusterPermissions, OcmNames.ManifestWorks];

    public bool RunsOn(SimulatedCluster cluster) => cluster.Name == SimulatedFleet.HubName;

    public static string WorkName(string permission) => "cluster-permission-" + permission;

    public TimeSpan? Reconcile(SimulatedCluster hub)
    {
        var now = hub.Time.GetUtcNow();
        var live = new HashSet<string>();
        foreach (var permission in hub.Store.List(OcmNames.ClusterPermissions, null).Items)
        {
            var meta = permission.Metadata();
            if (OcmStore.IsDeleting(permission) || OcmStore.Spoke(fleet, meta.Str("namespace")) is not { } spoke)
            {
                continue;
            }

            live.Add(meta.Str("uid") ?? "");
            var name = meta.Str("name") ?? "";
            var work = OcmStore.Upsert(hub, new JsonObject
            {
                ["apiVersion"] = $"{OcmNames.WorkGroup}/v1",
                ["kind"] = "ManifestWork",
                ["metadata"] = new JsonObject
                {
                    ["name"] = WorkName(name),
                    ["namespace"] = spoke.Name,
                    ["labels"] = new JsonObject { [OcmNames.ClusterPermissionLabel] = name },
                    ["ownerReferences"] = new JsonArray(OcmStore.OwnerReference(permission)),
                },
                ["spec"] = new JsonObject
                {
                    ["workload"] = new JsonObject { ["manifests"] = new JsonArray([.. ClusterPermissionRenderer.Render(hub, permission)]) },
                },
            });
            var applied = work["status"]?["conditions"].Objects().FirstOrDefault(c => c.Str("type") == "Applied");
            OcmStore.SetStatus(hub, permission, status =>
            {
                OcmConditions.Set(status, "AppliedRBACManifestWork", true, "AppliedRBACManifestWork", $"Run the following command to check the ManifestWork status:\nkubectl -n {spoke.Name} get ManifestWork {WorkName(name)} -o yaml", now);
                OcmConditions.Set(status, "Applied", applied.Str("status") switch { "True" => true, "False" => false, _ => null },
                    applied.Str("reason") ?? "ManifestWorkPending", applied.Str("message") ?? "waiting for the work agent to apply the RBAC ManifestWork", now);
            });
        }

        foreach (var work in hub.Store.List(OcmNames.ManifestWorks, null, w => w.Metadata()["labels"].StringMap().ContainsKey(OcmNames.ClusterPermissionLabel)).Items)
        {
            if (OcmStore.OwnerUid(work, "ClusterPermission") is { } owner && !live.Contains(owner) && !OcmStore.IsDeleting(work))
            {
                OcmStore.Delete(hub, OcmNames.ManifestWorks, work.Metadata().Str("namespace") ?? "", work.Metadata().Str("name") ?? "");
            }
        }

        return null;
    }
}
