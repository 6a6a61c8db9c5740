namespace Kubernaut.Hub.Selection;

/// <summary>Workflow selection (section <c>Selection</c>).</summary>
internal sealed class SelectionOptions
{
    public const string Section = "Selection";

    /// <summary>Options below this confidence are not presented.</summary>
    public double MinimumConfidence { get; set; } = 0.3;

    /// <summary>How many options are presented at most.</summary>
    public int MaxOptions { get; set; } = 3;

    /// <summary>Effectiveness assumed for a workflow that has never been verified.</summary>
    public double UnprovenEffectiveness { get; set; } = 0.8;

    /// <summary>Standing constraints (recipes add more through <see cref="ISelectionConstraint"/>): action types never selected, e.g. ScaleDeployment.</summary>
    public List<string> ExcludeActionTypes { get; set; } = [];

    /// <summary>Workflows never selected, by name.</summary>
    public List<string> ExcludeWorkflows { get; set; } = [];

    /// <summary>Headroom over the observed memory peak when a new limit is filled in (0.2 = 20 %), rounded up to 128Mi.</summary>
    public double MemoryHeadroom { get; set; } = 0.2;
}
