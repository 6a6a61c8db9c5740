using Kubernaut.Hub.Fleet;

namespace Kubernaut.Hub.Signals.NaturalLanguage;

/// <summary>
/// Finds the managed clusters a text names: the name itself ("prod-eu-west", "prod eu west"), or every word of the
/// name in some form ("production EU west"). A partial name ("prod") names no cluster.
/// </summary>
internal static class ClusterMatcher
{
    public static IReadOnlyList<ManagedClusterInfo> Named(IReadOnlyList<ManagedClusterInfo> clusters, IReadOnlyList<Token> text, string normalisedText)
    {
        var exact = clusters.Where(c => normalisedText.Contains(Tokens.Normalised(c.Name), StringComparison.Ordinal)).ToList();
        if (exact.Count > 0)
        {
            // "prod-eu-west-2" also contains "prod-eu-west": the longest name wins.
            var longest = exact.Max(c => c.Name.Length);
            return [.. exact.Where(c => c.Name.Length == longest || !exact.Any(o => o.Name.Length > c.Name.Length && o.Name.Contains(c.Name, StringComparison.Ordinal)))];
        }

        return [.. clusters.Where(c => Tokens.Of(c.Name).All(nt => text.Any(t => Lexicon.SameEnvironmentWord(t.Stem, nt.Stem) || Lexicon.SameEnvironmentWord(t.Word, nt.Word))))];
    }
}
