using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Fleet;

/// <summary>How the hub reaches spoke clusters (section <c>Fleet</c>).</summary>
internal sealed class FleetOptions
{
    public const string Section = "Fleet";

    /// <summary>
    /// <c>ClusterProxy</c>: through the cluster-proxy user-server, <c>{ClusterProxyUrl}/{cluster}/api/...</c>, with the hub
    /// credential. <c>KubeconfigContexts</c>: one context per managed cluster in the hub's kubeconfig (named like the cluster).
    /// </summary>
    public string SpokeAccess { get; set; } = SpokeAccessModes.KubeconfigContexts;

    /// <summary>Base URL of the cluster-proxy user-server, e.g. <c>https://cluster-proxy-addon-user.open-cluster-management-addon.svc:9092</c>.</summary>
    public string? ClusterProxyUrl { get; set; }

    /// <summary>How long the fleet inventory (ManagedClusters, spoke workloads) is reused before it is read again.</summary>
    public TimeSpan InventoryCacheTtl { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a resolved top-level owner (Pod → Deployment) is reused.</summary>
    public TimeSpan OwnerCacheTtl { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Namespaces never offered as natural-language candidates.</summary>
    public List<string> SystemNamespaces { get; set; } = ["kube-system", "kube-public", "kube-node-lease", "open-cluster-management-agent", "open-cluster-management-agent-addon"];
}

internal static class SpokeAccessModes
{
    public const string ClusterProxy = "ClusterProxy";
    public const string KubeconfigContexts = "KubeconfigContexts";
}

internal sealed class FleetOptionsValidator : IValidateOptions<FleetOptions>
{
    public ValidateOptionsResult Validate(string? name, FleetOptions options)
    {
        var errors = new List<string>();
        if (options.SpokeAccess is not (SpokeAccessModes.ClusterProxy or SpokeAccessModes.KubeconfigContexts))
        {
            errors.Add($"Fleet:SpokeAccess must be {SpokeAccessModes.ClusterProxy} or {SpokeAccessModes.KubeconfigContexts} (was '{options.SpokeAccess}').");
        }

        if (options.SpokeAccess == SpokeAccessModes.ClusterProxy && !Uri.TryCreate(options.ClusterProxyUrl, UriKind.Absolute, out _))
        {
            errors.Add("Fleet:ClusterProxyUrl must be an absolute URL when Fleet:SpokeAccess is ClusterProxy.");
        }

        if (options.InventoryCacheTtl < TimeSpan.Zero || options.OwnerCacheTtl < TimeSpan.Zero)
        {
            errors.Add("Fleet:InventoryCacheTtl and Fleet:OwnerCacheTtl must not be negative.");
        }

        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
