using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.TrustLadder;

/// <summary>Trust ladder defaults (section <c>TrustLadder</c>); per-cluster levels normally live on the ManagedCluster.</summary>
internal sealed class TrustLadderOptions
{
    public const string Section = "TrustLadder";

    /// <summary>Label on a ManagedCluster: the cluster's level (<c>L0</c>..<c>L4</c> or 0..4).</summary>
    public const string ClusterLabel = "kubernaut.ai/trust-level";

    /// <summary>Annotation on a ManagedCluster: per-namespace overrides, <c>payments=L3,batch=L1</c>.</summary>
    public const string NamespaceAnnotation = "kubernaut.ai/namespace-trust-levels";

    /// <summary>Level of a cluster that says nothing about itself: L2 observe.</summary>
    public TrustLevel DefaultLevel { get; set; } = TrustLevel.Observe;

    /// <summary>Static levels by cluster name (a label on the ManagedCluster wins).</summary>
    public Dictionary<string, TrustLevel> Clusters { get; set; } = new(StringComparer.Ordinal);

    /// <summary>L4 runs a proposal without approval only at or above this confidence.</summary>
    public double AutonomousConfidenceThreshold { get; set; } = 0.8;

    /// <summary>Risk values L4 may run without approval.</summary>
    public List<string> AutonomousRisks { get; set; } = ["low"];

    /// <summary>After a request ends in Skipped, dry-run or Observed, new signals for the target merge into it for this long.</summary>
    public TimeSpan HoldPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The ManagedClusterAddOn whose health the onboarding checklist reports.</summary>
    public string AddonName { get; set; } = "kubernaut-agent";
}

internal sealed class TrustLadderOptionsValidator : IValidateOptions<TrustLadderOptions>
{
    public ValidateOptionsResult Validate(string? name, TrustLadderOptions options)
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(options.DefaultLevel))
        {
            errors.Add("TrustLadder:DefaultLevel must be one of Ignore, DryRun, Observe, Approve, Autonomous (0..4).");
        }

        if (options.AutonomousConfidenceThreshold is < 0 or > 1)
        {
            errors.Add("TrustLadder:AutonomousConfidenceThreshold must be between 0 and 1.");
        }

        if (options.HoldPeriod < TimeSpan.Zero)
        {
            errors.Add("TrustLadder:HoldPeriod must not be negative.");
        }

        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
