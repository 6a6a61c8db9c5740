using System.Text.RegularExpressions;
using Kubernaut.Hub.Investigation.Spoke;
using Kubernaut.Hub.Investigation.Transcript;

namespace Kubernaut.Hub.Investigation.Engine;

/// <summary>
/// The containers' own words: warnings and errors in the logs of a few affected pods (the crashed instance when it
/// restarted), grouped by message and counted, so a line that repeats in every pod stands out.
/// </summary>
internal static partial class LogStep
{
    /// <summary>What a log line must contain to be worth reading: trouble words, not a workload's name or a scenario's phrase.</summary>
    public const string TroublePattern = "warn|error|fail|exceed|exhaust|refused|timeout|timed out|denied|not found|oom|out of memory|disabl|panic|fatal|unable|reload|unavailable";

    public static async Task RunAsync(EvidenceReader reader, CaseFile file, TranscriptWriter transcript, CancellationToken ct)
    {
        var affected = file.Pods.OrderByDescending(p => p.Restarts).ThenBy(p => p.Name, StringComparer.Ordinal).Take(3).ToList();
        if (affected.Count == 0)
        {
            return;
        }

        var lines = new List<(string Pod, bool Previous, string Line)>();
        foreach (var pod in affected)
        {
            var previous = pod.Restarts > 0;
            foreach (var instance in previous ? new[] { true, false } : [false])
            {
                var logs = await reader.SingleAsync<SpokeLogs>("get_logs", new()
                {
                    ["namespace"] = file.Target.Namespace,
                    ["pod"] = pod.Name,
                    ["container"] = file.Container,
                    ["tail"] = 200,
                    ["pattern"] = TroublePattern,
                    ["previous"] = instance,
                }, ct);
                lines.AddRange((logs?.Lines ?? []).Select(l => (pod.Name, instance, l)));
            }
        }

        foreach (var group in lines.GroupBy(l => MessageOf(l.Line)).OrderByDescending(g => Severity(g.First().Line)).ThenByDescending(g => g.Count()).Take(4))
        {
            file.Logs.Add(new LogFinding(group.Key, group.First().Line, group.Count(), group.Select(l => l.Pod).Distinct().Count(), group.Any(l => l.Previous)));
        }

        var around = file.Onset is { } onset ? $"around {Units.Clock(onset)}" : "";
        if (file.Logs.Count == 0)
        {
            await transcript.SayAsync($"Pulling the logs{(around.Length > 0 ? " " + around : "")}… no warnings or errors in {string.Join(", ", affected.Select(p => p.Name))}.", ct);
            file.Note("get_logs", $"no warnings or errors in {affected.Count} pods");
            return;
        }

        var top = file.Logs.Where(l => Severity(l.Line) > 0).DefaultIfEmpty(file.Logs[0]).First();
        var context = file.Logs.Where(l => l != top).Take(2).Select(l => $"\"{l.Message}\"").ToList();
        var spread = $"in {top.Pods} of the {affected.Count} pods I read";
        var lead = StatesCause(top.Line) ? "Found it:" : "I see repeated";
        await transcript.SayAsync($"Pulling the logs{(around.Length > 0 ? " " + around : "")}… {lead} \"{top.Message}\" ({top.Count}×, {spread}" +
            $"{(top.Previous ? ", in the crashed instances" : "")}){(context.Count > 0 ? $"; also {string.Join(", ", context)}" : "")}.", ct);
        foreach (var finding in file.Logs)
        {
            file.Note("get_logs", $"\"{finding.Message}\" ×{finding.Count} in {finding.Pods} pods{(finding.Previous ? " (previous instances)" : "")}");
        }
    }

    /// <summary><c>level=warn msg="cache size exceeded soft limit" soft_limit=128MB</c> → <c>cache size exceeded soft limit</c>.</summary>
    public static string MessageOf(string line)
    {
        var match = MsgField().Match(line);
        return match.Success ? match.Groups[1].Value : line.Trim();
    }

    /// <summary>Warnings and errors first; among them, lines that state a cause (a limit exceeded, something exhausted or missing) before effects.</summary>
    private static int Severity(string line) =>
        (line.Contains("level=error", StringComparison.OrdinalIgnoreCase) || line.Contains("level=fatal", StringComparison.OrdinalIgnoreCase)
            || line.Contains("level=warn", StringComparison.OrdinalIgnoreCase) ? 2 : 0)
        + (StatesCause(line) ? 1 : 0);

    public static bool StatesCause(string line) => CauseWords().IsMatch(MessageOf(line));

    [GeneratedRegex("exceed|exhaust|disabl|not found|refused|denied|unavailable|out of memory", RegexOptions.IgnoreCase)]
    private static partial Regex CauseWords();

    [GeneratedRegex("msg=\"([^\"]*)\"")]
    private static partial Regex MsgField();
}
