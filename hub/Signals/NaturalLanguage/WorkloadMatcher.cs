using Kubernaut.Hub.Fleet;

namespace Kubernaut.Hub.Signals.NaturalLanguage;

/// <summary>How well a workload's name fits the text, and why.</summary>
internal sealed record WorkloadMatch(SpokeWorkload Workload, double Score, IReadOnlyList<string> Evidence);

/// <summary>
/// Scores workloads against free text by their names (and <c>kubernaut.ai/aliases</c>): exact words, near-misses
/// (typos), words for the same role ("processing" for a gateway), with a bonus when the matched words stand together
/// in the text in the name's order. Generic words (service, api, server) count for nothing on their own, and at least
/// one word must match exactly or nearly; a role word alone never selects a service.
/// </summary>
internal static class WorkloadMatcher
{
    public const string AliasAnnotation = "kubernaut.ai/aliases";

    public static WorkloadMatch? Score(SpokeWorkload workload, IReadOnlyList<Token> text, string normalisedText)
    {
        var names = new List<string> { workload.Ref.Name };
        if (workload.Annotations.TryGetValue(AliasAnnotation, out var aliases))
        {
            names.AddRange(aliases.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        var best = names.Select(n => ScoreName(workload, n, text, normalisedText)).OfType<WorkloadMatch>().MaxBy(m => m.Score);
        if (best is not null && workload.Ref.Namespace != "default" && text.Any(t => t.Word == workload.Ref.Namespace))
        {
            best = best with { Score = best.Score + 0.3, Evidence = [.. best.Evidence, $"namespace {workload.Ref.Namespace} named"] };
        }

        return best;
    }

    private static WorkloadMatch? ScoreName(SpokeWorkload workload, string name, IReadOnlyList<Token> text, string normalisedText)
    {
        var nameTokens = Tokens.Of(name).DistinctBy(t => t.Stem).ToList();
        var distinctive = nameTokens.Where(t => !Lexicon.IsGeneric(t.Stem)).ToList();
        if (distinctive.Count == 0)
        {
            distinctive = nameTokens;
        }

        var evidence = new List<string>();
        var matchedPositions = new List<int>();
        double sum = 0;
        var strong = false;
        foreach (var nt in distinctive)
        {
            var (score, at, why) = BestMatch(nt, text);
            matchedPositions.Add(score > 0 ? at : -10);
            if (score > 0)
            {
                sum += score;
                strong |= score >= 0.8;
                evidence.Add(why);
            }
        }

        if (!strong)
        {
            return null;
        }

        var adjacency = 0.0;
        for (var i = 1; i < matchedPositions.Count; i++)
        {
            if (matchedPositions[i - 1] >= 0 && matchedPositions[i] == matchedPositions[i - 1] + 1)
            {
                adjacency += 0.5;
            }
        }

        if (adjacency > 0)
        {
            evidence.Add("matched words stand together in the text");
        }

        var whole = normalisedText.Contains(Tokens.Normalised(name), StringComparison.Ordinal) ? 1.0 : 0;
        if (whole > 0)
        {
            evidence.Add($"\"{name}\" named in full");
        }

        var coverage = matchedPositions.Count(p => p >= 0) / (double)distinctive.Count;
        return new WorkloadMatch(workload, (sum + adjacency + whole) * (0.5 + 0.5 * coverage), evidence);
    }

    private static (double Score, int Position, string Why) BestMatch(Token nameToken, IReadOnlyList<Token> text)
    {
        (double Score, int Position, string Why) best = (0, -1, "");
        for (var i = 0; i + 1 < text.Count; i++)
        {
            // Compounds written apart: "front end" for frontend, "check out" for checkout.
            if (text[i].Word + text[i + 1].Word == nameToken.Word)
            {
                return (1.0, text[i + 1].Position, $"\"{text[i].Word} {text[i + 1].Word}\" = {nameToken.Word}");
            }
        }

        foreach (var t in text)
        {
            var candidate = t.Stem == nameToken.Stem ? (1.0, t.Position, $"\"{t.Word}\" = {nameToken.Word}")
                : IsNearMiss(t.Stem, nameToken.Stem) ? (0.8, t.Position, $"\"{t.Word}\" ~ {nameToken.Word} (spelling)")
                : Lexicon.SameRole(t.Stem, nameToken.Stem) ? (0.6, t.Position, $"\"{t.Word}\" ~ {nameToken.Word} (same role)")
                : (0.0, -1, "");
            if (candidate.Item1 > best.Score)
            {
                best = candidate;
            }
        }

        return best;
    }

    private static bool IsNearMiss(string a, string b) =>
        b.Length >= 5 && a.Length >= 4 && Tokens.Distance(a, b) <= (b.Length >= 8 ? 2 : 1);
}
