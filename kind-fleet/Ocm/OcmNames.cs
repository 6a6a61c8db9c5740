using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Ocm;

/// <summary>The OCM groups, resources, labels and namespaces the simulated hub and its addons share (contracts.md §1–3).</summary>
internal static class OcmNames
{
    public const string ClusterGroup = "cluster.open-cluster-management.io";
    public const string AddonGroup = "addon.open-cluster-management.io";
    public const string WorkGroup = "work.open-cluster-management.io";
    public const string AuthenticationGroup = "authentication.open-cluster-management.io";
    public const string RbacGroup = "rbac.open-cluster-management.io";

    public static readonly GroupResource ManagedClusters = new(ClusterGroup, "managedclusters");
    public static readonly GroupResource ManagedClusterSets = new(ClusterGroup, "managedclustersets");
    public static readonly GroupResource ManagedClusterSetBindings = new(ClusterGroup, "managedclustersetbindings");
    public static readonly GroupResource Placements = new(ClusterGroup, "placements");
    public static readonly GroupResource PlacementDecisions = new(ClusterGroup, "placementdecisions");
    public static readonly GroupResource ClusterManagementAddOns = new(AddonGroup, "clustermanagementaddons");
    public static readonly GroupResource ManagedClusterAddOns = new(AddonGroup, "managedclusteraddons");
    public static readonly GroupResource AddOnTemplates = new(AddonGroup, "addontemplates");
    public static readonly GroupResource AddOnDeploymentConfigs = new(AddonGroup, "addondeploymentconfigs");
    public static readonly GroupResource ManifestWorks = new(WorkGroup, "manifestworks");
    public static readonly GroupResource ManagedServiceAccounts = new(AuthenticationGroup, "managedserviceaccounts");
    public static readonly GroupResource ClusterPermissions = new(RbacGroup, "clusterpermissions");

    public static readonly GroupResource Namespaces = new("", "namespaces");
    public static readonly GroupResource Secrets = new("", "secrets");
    public static readonly GroupResource ServiceAccounts = new("", "serviceaccounts");
    public static readonly GroupResource ConfigMaps = new("", "configmaps");
    public static readonly GroupResource Deployments = new("apps", "deployments");

    /// <summary>Where addon agents (managed-serviceaccount in template mode, template addons) run on a spoke.</summary>
    public const string AgentAddonNamespace = "open-cluster-management-agent-addon";

    /// <summary>Where the klusterlet runs on a spoke.</summary>
    public const string AgentNamespace = "open-cluster-management-agent";

    /// <summary>The hub's addon namespace (cluster-proxy user-server, its exposed-services allowlist).</summary>
    public const string HubAddonNamespace = "open-cluster-management-addon";

    public const string HubNamespace = "open-cluster-management-hub";

    public const string ClusterSetLabel = "cluster.open-cluster-management.io/clusterset";
    public const string PlacementLabel = "cluster.open-cluster-management.io/placement";
    public const string DecisionGroupIndexLabel = "cluster.open-cluster-management.io/decision-group-index";
    public const string DecisionGroupNameLabel = "cluster.open-cluster-management.io/decision-group-name";
    public const string ManagedServiceAccountLabel = "authentication.open-cluster-management.io/is-managed-serviceaccount";
    public const string AddonNameLabel = "open-cluster-management.io/addon-name";
    public const string ClusterNameLabel = "open-cluster-management.io/cluster-name";
    public const string ClusterPermissionLabel = "rbac.open-cluster-management.io/clusterpermission";
    public const string ManifestWorkFinalizer = "cluster.open-cluster-management.io/manifest-work-cleanup";

    public const string ClusterProxyAddon = "cluster-proxy";
    public const string ManagedServiceAccountAddon = "managed-serviceaccount";
}
