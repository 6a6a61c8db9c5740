using System.Text.RegularExpressions;

namespace Kubernaut.Hub.Signals.NaturalLanguage;

/// <summary>A word of the text (or of a name), lower-cased and stemmed, with its position.</summary>
internal sealed record Token(string Word, string Stem, int Position);

/// <summary>Splits text and resource names into comparable words.</summary>
internal static partial class Tokens
{
    public static List<Token> Of(string text) =>
        [.. Word().Matches(text.ToLowerInvariant()).Select((m, i) => new Token(m.Value, Stem(m.Value), i))];

    /// <summary>
    /// A light stemmer: enough that "payments"/"payment", "processing"/"process" and "timeouts"/"timeout" meet,
    /// not a linguistic one. Short words are left alone ("us", "db").
    /// </summary>
    public static string Stem(string word)
    {
        if (word.Length <= 3)
        {
            return word;
        }

        foreach (var suffix in (string[])["ing", "ies", "es", "s", "ed"])
        {
            if (word.EndsWith(suffix, StringComparison.Ordinal) && word.Length - suffix.Length >= 3)
            {
                var stem = word[..^suffix.Length];
                return suffix switch
                {
                    "ies" => stem + "y",
                    "es" when !stem.EndsWith("ss", StringComparison.Ordinal) && !stem.EndsWith('x') && !stem.EndsWith("ch", StringComparison.Ordinal) => stem + "e",
                    "s" when stem.EndsWith('s') => word,
                    _ => stem,
                };
            }
        }

        return word;
    }

    /// <summary>Edit distance with an early cut-off; only small distances matter here.</summary>
    public static int Distance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 2)
        {
            return 3;
        }

        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>The text with every run of non-alphanumerics as one space: "prod-eu-west" and "prod eu west" compare equal.</summary>
    public static string Normalised(string text) => " " + string.Join(' ', Word().Matches(text.ToLowerInvariant()).Select(m => m.Value)) + " ";

    [GeneratedRegex("[a-z0-9]+")]
    private static partial Regex Word();
}
