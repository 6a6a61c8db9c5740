namespace Kubernaut.Hub.Remediation;

/// <summary>The phases of a RemediationRequest (<c>status.overallPhase</c>).</summary>
internal static class RemediationPhase
{
    public const string Pending = "Pending";
    public const string Investigating = "Investigating";
    public const string AwaitingDecision = "AwaitingDecision";
    public const string AwaitingApproval = "AwaitingApproval";
    public const string Executing = "Executing";
    public const string Verifying = "Verifying";
    public const string Completed = "Completed";
    public const string Failed = "Failed";
    public const string Cancelled = "Cancelled";
    public const string Skipped = "Skipped";
    public const string Observed = "Observed";
    public const string Blocked = "Blocked";

    private static readonly HashSet<string> TerminalPhases = [Completed, Failed, Cancelled, Skipped, Observed];

    /// <summary>Terminal phases never change again; a new signal for the target opens a new request (after any hold).</summary>
    public static bool IsTerminal(string? phase) => phase is not null && TerminalPhases.Contains(phase);
}
