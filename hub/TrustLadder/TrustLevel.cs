namespace Kubernaut.Hub.TrustLadder;

/// <summary>How far the hub may go on its own for a cluster (or a namespace in it).</summary>
internal enum TrustLevel
{
    /// <summary>L0: signals are recorded, nothing is investigated.</summary>
    Ignore = 0,

    /// <summary>L1: investigate and record the recommendation; never execute.</summary>
    DryRun = 1,

    /// <summary>L2: as L1, and surfaced to operators with the onboarding checklist (the default for a new cluster).</summary>
    Observe = 2,

    /// <summary>L3: a human approves each execution.</summary>
    Approve = 3,

    /// <summary>L4: low-risk workflows at or above the confidence threshold run without approval; anything else asks.</summary>
    Autonomous = 4,
}

internal static class TrustLevels
{
    /// <summary>Reads <c>3</c>, <c>L3</c> or <c>approve</c>.</summary>
    public static TrustLevel? Parse(string? text)
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t))
        {
            return null;
        }

        if (t.Length == 2 && t[0] is 'L' or 'l')
        {
            t = t[1..];
        }

        if (int.TryParse(t, out var n) && n is >= 0 and <= 4)
        {
            return (TrustLevel)n;
        }

        return Enum.TryParse<TrustLevel>(t.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var level) ? level : null;
    }
}
