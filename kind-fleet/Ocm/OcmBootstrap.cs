using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Fleet;

namespace Kubernaut.KindFleet.Ocm;

/// <summary>
/// What the OCM hub holds at start, as after <c>clusteradm init</c>, every spoke's <c>clusteradm join/accept</c> and the
/// cluster-proxy and managed-serviceaccount addons being enabled: the OCM CRDs, a joined ManagedCluster and cluster
/// namespace per spoke, the <c>default</c> and <c>global</c> cluster sets, and both addons available on every spoke.
/// Addresses that are only known once the fleet listens (client config URLs) are filled in by
/// <see cref="ManagedClusterStatusController"/>, as the real registration agent reports them after joining.
/// </summary>
internal static class OcmBootstrap
{
    public static void Seed(SimulatedFleet fleet)
    {
        var hub = fleet.Find(SimulatedFleet.HubName);
        if (hub is null)
        {
            return;
        }

        OcmCrds.Install(hub);
        foreach (var ns in new[] { "open-cluster-management", OcmNames.HubNamespace, OcmNames.HubAddonNamespace })
        {
            OcmStore.EnsureNamespace(hub, ns);
        }

        OcmStore.Upsert(hub, ClusterSet("default", new JsonObject { ["selectorType"] = "ExclusiveClusterSetLabel" }));
        OcmStore.Upsert(hub, ClusterSet("global", new JsonObject { ["selectorType"] = "LabelSelector", ["labelSelector"] = new JsonObject() }));
        OcmStore.Upsert(hub, ExposedServicesConfigMap());
        foreach (var addon in SeededAddons)
        {
            OcmStore.Upsert(hub, ClusterManagementAddOn(addon.Name, addon.DisplayName, addon.Description));
        }

        foreach (var spoke in fleet.Clusters.Where(c => c.Name != SimulatedFleet.HubName))
        {
            OcmStore.EnsureNamespace(spoke, OcmNames.AgentNamespace);
            OcmStore.EnsureNamespace(spoke, OcmNames.AgentAddonNamespace);
            OcmStore.EnsureNamespace(hub, spoke.Name, new Dictionary<string, string>
            {
                [OcmNames.ClusterNameLabel] = spoke.Name,
                ["cluster.open-cluster-management.io/managedCluster"] = spoke.Name,
            });
            OcmStore.Upsert(hub, ManagedClusters.Describe(spoke, "default"));
            foreach (var addon in SeededAddons)
            {
                OcmStore.Upsert(hub, ManagedClusterAddOn(addon.Name, spoke.Name, hub.Time.GetUtcNow()));
            }
        }
    }

    private static readonly IReadOnlyList<(string Name, string DisplayName, string Description)> SeededAddons =
    [
        (OcmNames.ClusterProxyAddon, "cluster-proxy", "cluster-proxy"),
        (OcmNames.ManagedServiceAccountAddon, "managed-serviceaccount", "managed-serviceaccount"),
    ];

    private static JsonObject ClusterSet(string name, JsonObject selector) => new()
    {
        ["apiVersion"] = $"{OcmNames.ClusterGroup}/v1beta2",
        ["kind"] = "ManagedClusterSet",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject { ["clusterSelector"] = selector },
        ["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "ClusterSetEmpty",
                ["status"] = "False",
                ["reason"] = "ClustersSelected",
                ["message"] = "clusters are selected",
            }),
        },
    };

    /// <summary>cluster-proxy's allowlist for services other than the kube-apiserver: empty, so default-deny.</summary>
    private static JsonObject ExposedServicesConfigMap() => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = ClusterProxy.ExposedServices.ConfigMapName, ["namespace"] = OcmNames.HubAddonNamespace },
        ["data"] = new JsonObject { ["services"] = "[]\n" },
    };

    private static JsonObject ClusterManagementAddOn(string name, string displayName, string description) => new()
    {
        ["apiVersion"] = $"{OcmNames.AddonGroup}/v1alpha1",
        ["kind"] = "ClusterManagementAddOn",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["annotations"] = new JsonObject { ["addon.open-cluster-management.io/lifecycle"] = "addon-manager" },
        },
        ["spec"] = new JsonObject
        {
            ["addOnMeta"] = new JsonObject { ["displayName"] = displayName, ["description"] = description },
            ["installStrategy"] = new JsonObject { ["type"] = "Manual" },
        },
    };

    private static JsonObject ManagedClusterAddOn(string name, string cluster, DateTimeOffset now)
    {
        var status = new JsonObject
        {
            ["namespace"] = OcmNames.AgentAddonNamespace,
            ["healthCheck"] = new JsonObject { ["mode"] = "Lease" },
        };
        OcmConditions.Set(status, "ManifestApplied", true, "AddonManifestApplied", "manifests of addon are applied successfully", now);
        OcmConditions.Set(status, "Available", true, "ManagedClusterAddOnLeaseUpdated", $"{name} add-on is available.", now);
        OcmConditions.Set(status, "Degraded", false, "ManagedClusterAddOnLeaseUpdated", $"{name} add-on is healthy.", now);
        OcmConditions.Set(status, "Progressing", false, "Completed", "completed with no errors.", now);
        return new JsonObject
        {
            ["apiVersion"] = $"{OcmNames.AddonGroup}/v1alpha1",
            ["kind"] = "ManagedClusterAddOn",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = cluster },
            ["spec"] = new JsonObject { ["installNamespace"] = OcmNames.AgentAddonNamespace },
            ["status"] = status,
        };
    }
}
