namespace Kubernaut.Hub.Remediation.Stages;

/// <summary>
/// The scripted stages' behaviour (section <c>Stages:Scripted</c>): what they find, propose and achieve. They stand in
/// for the investigation agent, workflow catalog, executor and verifier until those exist, and let tests drive every path.
/// </summary>
internal sealed class ScriptedStageOptions
{
    public const string Section = "Stages:Scripted";

    /// <summary>How long each stage's external work takes, from when it was first started (survives restarts).</summary>
    public TimeSpan StepDuration { get; set; } = TimeSpan.Zero;

    /// <summary>JSON-lines file recording each side effect once per idempotency key; empty keeps it in memory.</summary>
    public string? LedgerPath { get; set; }

    public string? Workflow { get; set; } = "restart-workload";

    public double Confidence { get; set; } = 0.9;

    public string Risk { get; set; } = "low";

    public bool InvestigationFails { get; set; }

    /// <summary>What the scripted investigation concludes for any target (root-cause categories, facts, confidence).</summary>
    public ScriptedInvestigation Investigation { get; set; } = new();

    /// <summary>Per target name (the workload the request is about), a conclusion that replaces <see cref="Investigation"/>.</summary>
    public Dictionary<string, ScriptedInvestigation> Targets { get; set; } = [];

    public bool ExecutionSucceeds { get; set; } = true;

    public bool VerificationPasses { get; set; } = true;
}

/// <summary>A scripted analysis: stands in for the investigation until it exists, in the shape selection consumes.</summary>
internal sealed class ScriptedInvestigation
{
    public string? RootCause { get; set; }

    public List<string> Categories { get; set; } = [];

    public Dictionary<string, string> Facts { get; set; } = [];

    public double Confidence { get; set; } = 0.9;
}
