using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Ocm;

/// <summary>
/// The addon-manager for template addons: a ClusterManagementAddOn whose supportedConfigs name an AddOnTemplate as
/// default config is installed on the clusters its Placements select (or, with installStrategy Manual, where a
/// ManagedClusterAddOn exists): a ManagedClusterAddOn plus ManifestWork <c>addon-&lt;name&gt;-deploy-0</c> with the
/// rendered agent. The ManagedClusterAddOn is Available once the agent's Deployments are ready on the spoke.
/// Clusters that leave the placement lose both.
/// </summary>
internal sealed class AddOnTemplateController(SimulatedFleet fleet) : IClusterController
{
    private static readonly TimeSpan HealthRecheck = TimeSpan.FromSeconds(2);

    public IReadOnlyCollection<GroupResource> Watches { get; } =
        [OcmNames.ClusterManagementAddOns, OcmNames.ManagedClusterAddOns, OcmNames.AddOnTemplates, OcmNames.AddOnDeploymentConfigs, OcmNames.PlacementDecisions, OcmNames.ManifestWorks];

    public bool RunsOn(SimulatedCluster cluster) => cluster.Name == SimulatedFleet.HubName;

    public static string WorkName(string addon) => $"addon-{addon}-deploy-0";

    public TimeSpan? Reconcile(SimulatedCluster hub)
    {
        TimeSpan? next = null;
        foreach (var cma in hub.Store.List(OcmNames.ClusterManagementAddOns, null).Items.Where(c => !OcmStore.IsDeleting(c)))
        {
            var templateName = cma["spec"]?["supportedConfigs"].Objects()
                .FirstOrDefault(c => c.Str("resource") == OcmNames.AddOnTemplates.Resource)?["defaultConfig"].Str("name");
            if (templateName is null)
            {
                continue;
            }

            var addon = cma.Metadata().Str("name") ?? "";
            var template = hub.Store.Get(OcmNames.AddOnTemplates, "", templateName);
            var targets = Targets(hub, cma, addon);
            foreach (var cluster in targets)
            {
                if (OcmStore.Spoke(fleet, cluster) is { } spoke && template is not null)
                {
                    Install(hub, spoke, cma, template, addon);
                    next = HealthRecheck;
                }
            }

            Uninstall(hub, addon, targets);
        }

        return next;
    }

    private static HashSet<string> Targets(SimulatedCluster hub, JsonObject cma, string addon)
    {
        var strategy = cma["spec"]?["installStrategy"];
        if (strategy.Str("type") == "Placements")
        {
            return [.. strategy?["placements"].Objects().SelectMany(p => PlacementController.Decisions(hub, p.Str("namespace") ?? "", p.Str("name") ?? "")) ?? []];
        }

        return [.. hub.Store.List(OcmNames.ManagedClusterAddOns, null, m => m.Metadata().Str("name") == addon && !OcmStore.IsDeleting(m)).Items
            .Select(m => m.Metadata().Str("namespace") ?? "")];
    }

    private static void Install(SimulatedCluster hub, SimulatedCluster spoke, JsonObject cma, JsonObject template, string addon)
    {
        var now = hub.Time.GetUtcNow();
        var mca = hub.Store.Get(OcmNames.ManagedClusterAddOns, spoke.Name, addon) ?? OcmStore.Upsert(hub, new JsonObject
        {
            ["apiVersion"] = $"{OcmNames.AddonGroup}/v1alpha1",
            ["kind"] = "ManagedClusterAddOn",
            ["metadata"] = new JsonObject
            {
                ["name"] = addon,
                ["namespace"] = spoke.Name,
                ["labels"] = new JsonObject { [OcmNames.AddonNameLabel] = addon },
                ["ownerReferences"] = new JsonArray(OcmStore.OwnerReference(cma)),
            },
            ["spec"] = new JsonObject { ["installNamespace"] = OcmNames.AgentAddonNamespace },
        });

        var variables = AddOnTemplateRenderer.Variables(hub, cma, mca, spoke.Name);
        var manifests = AddOnTemplateRenderer.Render(template, variables);
        var work = OcmStore.Upsert(hub, new JsonObject
        {
            ["apiVersion"] = $"{OcmNames.WorkGroup}/v1",
            ["kind"] = "ManifestWork",
            ["metadata"] = new JsonObject
            {
                ["name"] = WorkName(addon),
                ["namespace"] = spoke.Name,
                ["labels"] = new JsonObject { [OcmNames.AddonNameLabel] = addon },
                ["ownerReferences"] = new JsonArray(OcmStore.OwnerReference(mca)),
            },
            ["spec"] = new JsonObject { ["workload"] = new JsonObject { ["manifests"] = manifests.DeepClone() } },
        });

        var applied = OcmConditions.StatusOf(work, "Applied") == "True";
        var deployments = AddOnTemplateRenderer.DeploymentHealth(spoke, manifests).ToList();
        var unready = deployments.Where(d => !d.Ready).Select(d => $"{d.Namespace}/{d.Name}").ToList();
        OcmStore.SetStatus(hub, mca, status =>
        {
            status["namespace"] = variables["INSTALL_NAMESPACE"];
            status["healthCheck"] = new JsonObject { ["mode"] = "Customized" };
            status["relatedObjects"] = new JsonArray(
                new JsonObject { ["group"] = OcmNames.AddonGroup, ["resource"] = "clustermanagementaddons", ["name"] = addon },
                new JsonObject { ["group"] = OcmNames.AddonGroup, ["resource"] = "addontemplates", ["name"] = template.Metadata().Str("name") });
            OcmConditions.Set(status, "ManifestApplied", applied, applied ? "AddonManifestApplied" : "AddonManifestAppliedFailed",
                applied ? "manifests of addon are applied successfully" : "waiting for the work agent to apply the manifests", now);
            var available = applied && unready.Count == 0;
            OcmConditions.Set(status, "Available", applied ? available : null,
                !applied ? "WorkNotApplied" : available ? "ProbeAvailable" : "ProbeUnavailable",
                !applied ? "work is not applied yet" : available ? $"{addon} add-on is available." : $"deployments not ready: {string.Join(", ", unready)}", now);
            OcmConditions.Set(status, "Progressing", false, "Completed", "completed with no errors.", now);
        });
    }

    private static void Uninstall(SimulatedCluster hub, string addon, HashSet<string> targets)
    {
        foreach (var work in hub.Store.List(OcmNames.ManifestWorks, null, w => w.Metadata().Str("name") == WorkName(addon)
            && w.Metadata()["labels"].StringMap().GetValueOrDefault(OcmNames.AddonNameLabel) == addon).Items)
        {
            var cluster = work.Metadata().Str("namespace") ?? "";
            if (!targets.Contains(cluster) && !OcmStore.IsDeleting(work))
            {
                OcmStore.Delete(hub, OcmNames.ManifestWorks, cluster, WorkName(addon));
                if (hub.Store.Get(OcmNames.ManagedClusterAddOns, cluster, addon) is { } mca && OcmStore.OwnerUid(mca, "ClusterManagementAddOn") is not null)
                {
                    OcmStore.Delete(hub, OcmNames.ManagedClusterAddOns, cluster, addon);
                }
            }
        }
    }
}
