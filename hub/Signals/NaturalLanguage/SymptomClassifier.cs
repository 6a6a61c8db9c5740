namespace Kubernaut.Hub.Signals.NaturalLanguage;

/// <summary>Names the symptom a text describes, from the words people use for it.</summary>
internal static class SymptomClassifier
{
    public const string Unspecified = "ReportedDegradation";

    private static readonly (string Symptom, string[] Words)[] Symptoms =
    [
        ("OOMKilled", ["oom", "oomkill", "oomkilled", "memory", "leak"]),
        ("CrashLooping", ["crash", "crashloop", "crashloopbackoff", "restart", "restarting", "panic"]),
        ("Unavailable", ["down", "unavailable", "outage", "unreachable", "offline", "dead"]),
        ("HighErrorRate", ["error", "5xx", "500", "502", "503", "fail", "failing", "failure", "exception"]),
        ("HighLatency", ["slow", "sluggish", "latency", "lag", "laggy", "timeout", "delay", "hang", "hanging", "unresponsive", "p99", "p95"]),
        ("ResourceSaturation", ["cpu", "throttl", "throttle", "saturat", "saturate", "disk", "full"]),
    ];

    /// <summary>The best-supported symptom and the words that support it.</summary>
    public static (string Symptom, IReadOnlyList<string> Words) Classify(IReadOnlyList<Token> text)
    {
        var scored = Symptoms
            .Select(s => (s.Symptom, Words: text.Where(t => s.Words.Any(w => t.Stem == w || t.Word == w || t.Stem == Tokens.Stem(w))).Select(t => t.Word).Distinct().ToList()))
            .Where(s => s.Words.Count > 0)
            .OrderByDescending(s => s.Words.Count)
            .FirstOrDefault();
        return scored.Symptom is null ? (Unspecified, []) : (scored.Symptom, scored.Words);
    }
}
