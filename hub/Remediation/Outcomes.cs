namespace Kubernaut.Hub.Remediation;

/// <summary><c>status.completionStatus.outcome</c> values.</summary>
internal static class Outcomes
{
    public const string Remediated = "Remediated";
    public const string DryRun = "DryRun";
    public const string Observed = "Observed";
    public const string Ignored = "Ignored";
    public const string Rejected = "Rejected";
    public const string ExecutionFailed = "ExecutionFailed";
    public const string VerificationFailed = "VerificationFailed";
    public const string InvestigationFailed = "InvestigationFailed";
}
