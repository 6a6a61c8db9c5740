using System.Globalization;
using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Workflows;

namespace Kubernaut.Hub.Selection;

/// <summary>How well one workflow fits one analysis, and why.</summary>
internal sealed record CandidateScore(RemediationWorkflow Workflow, double Confidence, IReadOnlyList<string> Reasons);

/// <summary>
/// Scores a workflow against the analysis: root-cause category (the analysis lists its categories most specific
/// first, the workflow its own purpose first), target kind (the request's target, or a kind the evidence names),
/// labels, and how well the workflow verified before. The fit is scaled by the analysis' own confidence, so a shaky
/// diagnosis never yields a confident remediation.
/// </summary>
internal static class WorkflowScorer
{
    private const double CategoryWeight = 0.60;
    private const double KindWeight = 0.15;
    private const double LabelWeight = 0.10;
    private const double EffectivenessWeight = 0.15;

    /// <summary>Fact keys that name an object of a kind (the evidence points at it even when the alert was on another).</summary>
    private static readonly Dictionary<string, string> KindFacts = new(StringComparer.Ordinal)
    {
        ["statefulset"] = "StatefulSet",
        ["deployment"] = "Deployment",
        ["configmap"] = "ConfigMap",
        ["node"] = "Node",
        ["pvc"] = "PersistentVolumeClaim",
        ["hpa"] = "HorizontalPodAutoscaler",
    };

    public static CandidateScore? Score(RemediationWorkflow workflow, RemediationRequest rr, double? effectiveness, SelectionOptions options)
    {
        var analysis = rr.Status?.Investigation;
        var categories = analysis?.Categories ?? [];
        var matches = workflow.Spec.Matches;
        var wanted = matches.RootCauseCategories ?? [];
        var reasons = new List<string>();

        var category = 0.0;
        string? matched = null;
        for (var i = 0; i < categories.Count; i++)
        {
            var j = IndexOf(wanted, categories[i]);
            var fit = j < 0 ? 0 : Math.Max(0.4, 1 - (0.12 * i) - (0.05 * j));
            if (fit > category)
            {
                (category, matched) = (fit, categories[i]);
            }
        }

        if (category == 0)
        {
            return null;
        }

        reasons.Add($"root cause category {matched} matches ({(IndexOf(categories, matched!) == 0 ? "the primary finding" : "a contributing finding")})");

        var kinds = matches.TargetKinds ?? [];
        var targetKind = rr.Spec.TargetResource.Kind;
        var facts = analysis?.Facts ?? new Dictionary<string, string>();
        var evidenceKind = KindFacts.Where(k => facts.ContainsKey(k.Key) && kinds.Contains(k.Value)).Select(k => k.Value).FirstOrDefault();
        var kind = kinds.Count == 0 || kinds.Contains(targetKind) ? 1.0 : evidenceKind is not null ? 0.9 : 0.5;
        reasons.Add(kind switch
        {
            1.0 => $"acts on {targetKind}",
            0.9 => $"acts on {evidenceKind} {facts[KindFacts.First(k => k.Value == evidenceKind).Key]}, which the evidence implicates",
            _ => $"targets {string.Join("/", kinds)}, not the {targetKind} the signal named",
        });

        var required = matches.Labels ?? new Dictionary<string, string>();
        var labels = rr.Spec.SignalLabels ?? [];
        var label = required.Count == 0 || required.All(l => labels.GetValueOrDefault(l.Key) == l.Value) ? 1.0 : 0.3;
        if (required.Count > 0)
        {
            reasons.Add(label == 1.0 ? "its label selector matches" : "its label selector does not match the signal");
        }

        var effect = effectiveness ?? options.UnprovenEffectiveness;
        reasons.Add(effectiveness is null
            ? "not verified before"
            : $"past effectiveness {effect.ToString("0.00", CultureInfo.InvariantCulture)}");

        var risk = workflow.Spec.Risk switch { WorkflowRisk.Low => 1.0, WorkflowRisk.Medium => 0.92, _ => 0.85 };
        var analysisConfidence = analysis?.Confidence is > 0 and var c ? c : 0.5;
        var fitScore = (CategoryWeight * category) + (KindWeight * kind) + (LabelWeight * label) + (EffectivenessWeight * effect);
        var confidence = Math.Round(Math.Clamp(analysisConfidence * fitScore * risk, 0, 1), 2);
        return new CandidateScore(workflow, confidence, reasons);
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
