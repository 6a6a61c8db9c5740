using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Workflows;

namespace Kubernaut.Hub.Selection;

/// <summary>
/// The seam before selection (recipe injection point 2): constraints that bias the choice, e.g. a cost guardrail
/// saying "do not select scale-up workflows". Every registered constraint runs; their verdicts combine.
/// </summary>
internal interface ISelectionConstraint
{
    Task<ConstraintVerdict> EvaluateAsync(RemediationRequest request, IReadOnlyList<RemediationWorkflow> candidates, CancellationToken ct);
}

/// <summary>What a constraint says: workflows ruled out (name → why) and confidence factors (name → multiplier, why).</summary>
internal sealed record ConstraintVerdict(
    IReadOnlyDictionary<string, string> Excluded,
    IReadOnlyDictionary<string, (double Factor, string Why)>? Bias = null)
{
    public static readonly ConstraintVerdict None = new(new Dictionary<string, string>());
}

/// <summary>The standing constraints from configuration (<c>Selection:ExcludeActionTypes</c>, <c>Selection:ExcludeWorkflows</c>).</summary>
internal sealed class ConfiguredSelectionConstraint(Microsoft.Extensions.Options.IOptions<SelectionOptions> options) : ISelectionConstraint
{
    public Task<ConstraintVerdict> EvaluateAsync(RemediationRequest request, IReadOnlyList<RemediationWorkflow> candidates, CancellationToken ct)
    {
        var excluded = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var w in candidates)
        {
            if (options.Value.ExcludeWorkflows.Contains(w.Name, StringComparer.OrdinalIgnoreCase))
            {
                excluded[w.Name] = "excluded by configuration (Selection:ExcludeWorkflows)";
            }
            else if (options.Value.ExcludeActionTypes.Contains(w.Spec.ActionType, StringComparer.OrdinalIgnoreCase))
            {
                excluded[w.Name] = $"action type {w.Spec.ActionType} is excluded by configuration (Selection:ExcludeActionTypes)";
            }
        }

        return Task.FromResult(new ConstraintVerdict(excluded));
    }
}
