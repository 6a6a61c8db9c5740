using System.Text.RegularExpressions;

namespace Kubernaut.Hub.Sessions;

/// <summary>What a follow-up turn asks for.</summary>
internal enum IntentKind
{
    Status,
    Options,
    WhyNot,
    WhatChanged,
    Evidence,
    Select,
    Reject,
    HandOver,
}

/// <summary>
/// A follow-up turn read deterministically: a choice ("go with rollback-config — the cache change wasn't approved"),
/// a rejection, a hand-over ("hand over to alice"), or a question about the investigation. <see cref="Subject"/> is
/// the workflow, the alternative asked about, or the participant; <see cref="Reason"/> what the speaker added.
/// </summary>
internal sealed partial record Intent(IntentKind Kind, string? Subject = null, string? Reason = null)
{
    public static Intent Parse(string text)
    {
        var trimmed = text.Trim();
        if (HandOverPattern().Match(trimmed) is { Success: true } hand)
        {
            return new Intent(IntentKind.HandOver, hand.Groups["who"].Value);
        }

        if (WhyNotPattern().Match(trimmed) is { Success: true } whyNot)
        {
            return new Intent(IntentKind.WhyNot, whyNot.Groups["what"].Value.Trim(' ', '?', '.', '!'));
        }

        var question = QuestionStart().IsMatch(trimmed);
        if (!question && RejectPattern().Match(trimmed) is { Success: true } reject)
        {
            return new Intent(IntentKind.Reject, null, ReasonAfter(trimmed, reject.Length));
        }

        if (!question && SelectPattern().Match(trimmed) is { Success: true } select)
        {
            var subject = select.Groups["what"].Success ? select.Groups["what"].Value : null;
            return new Intent(IntentKind.Select, subject, ReasonAfter(trimmed, select.Index + select.Length));
        }

        var lower = trimmed.ToLowerInvariant();
        if (ContainsAny(lower, "what changed", "changes", "changed", "what was modified", "deploy"))
        {
            return new Intent(IntentKind.WhatChanged);
        }

        if (ContainsAny(lower, "option", "what can we do", "what can i do", "what do we do", "how do we fix", "how can we fix", "fix it", "choices", "workflow", "remediat", "recommend"))
        {
            return new Intent(IntentKind.Options);
        }

        if (ContainsAny(lower, "evidence", "log", "metric", "event", "how do you know", "proof", "memory", "latency", "pods"))
        {
            return new Intent(IntentKind.Evidence, lower);
        }

        return new Intent(IntentKind.Status);
    }

    private static string? ReasonAfter(string text, int index)
    {
        var rest = text[Math.Min(index, text.Length)..].Trim().TrimStart('—', '–', '-', ',', ':', ';', '.').Trim();
        rest = ReasonLead().Replace(rest, "");
        return rest.Length > 0 ? rest : null;
    }

    private static bool ContainsAny(string text, params string[] words) => words.Any(w => text.Contains(w, StringComparison.Ordinal));

    [GeneratedRegex(@"^(?:please\s+)?(?:hand(?:\s+it)?\s+over\s+to|hand\s+(?:the\s+)?(?:wheel|driver(?:'s)?\s+seat|driving|control)\s+(?:over\s+)?to|let)\s+(?<who>[\w.@-]+)(?:\s+drive)?", RegexOptions.IgnoreCase)]
    private static partial Regex HandOverPattern();

    [GeneratedRegex(@"^\s*why\s+(?:not|don't\s+we|wouldn't\s+we|can't\s+we|shouldn't\s+we)\s+(?<what>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex WhyNotPattern();

    [GeneratedRegex(@"^\s*(?:why|what|how|when|where|who|which|is|are|does|do you|can you|could)\b", RegexOptions.IgnoreCase)]
    private static partial Regex QuestionStart();

    [GeneratedRegex(@"^\s*(?:reject|cancel|abort|don't\s+(?:do|run)\s+(?:anything|it)|do\s+nothing)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RejectPattern();

    [GeneratedRegex(@"^\s*(?:(?:ok(?:ay)?|yes|sure|right)[,.]?\s+)?(?:let'?s\s+)?(?:go\s+(?:with|for)|use|approve|pick|choose|select|run|apply)(?:\s+(?:the\s+|option\s+)?(?<what>[a-z0-9][a-z0-9-]*[a-z0-9]))?", RegexOptions.IgnoreCase)]
    private static partial Regex SelectPattern();

    [GeneratedRegex(@"^(?:because|since|as)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex ReasonLead();
}
