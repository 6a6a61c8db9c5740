namespace Kubernaut.Hub.Investigation.Engine;

/// <summary>
/// A diagnosis the evidence supports: the cause in one sentence, the catalog's categories (most specific first), how
/// sure, the facts workflows are parameterised with, and the closing sentence that separates cause from look-alike.
/// </summary>
internal sealed record Verdict(string RootCause, IReadOnlyList<string> Categories, double Confidence, IReadOnlyDictionary<string, string> Facts, string Conclusion)
{
    /// <summary>Starts at <paramref name="baseline"/> and adds <paramref name="each"/> per corroborating observation, at most 0.95.</summary>
    public static double Score(double baseline, double each, params bool[] corroborations) =>
        Math.Round(Math.Min(0.95, baseline + (each * corroborations.Count(c => c))), 2);
}
