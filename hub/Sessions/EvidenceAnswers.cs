using System.Globalization;
using System.Text;
using System.Text.Json;
using Kubernaut.Hub.Audit;
using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Selection;

namespace Kubernaut.Hub.Sessions;

/// <summary>
/// Answers to questions about one request, composed only from what the hub knows about it: the investigation's
/// summary, root cause, evidence and facts, the proposal's options, the phase and, while the investigation is still
/// running, the transcript so far. The same question about the same state always gets the same answer.
/// </summary>
internal static class EvidenceAnswers
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Status(RemediationRequest rr, IReadOnlyList<AuditEntry> history)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{rr.Name} on {Target(rr)} is {rr.Phase}");
        text.Append(rr.Status?.PhaseReason is { Length: > 0 } reason ? $" ({reason}). " : ". ");
        if (rr.Status?.Investigation is { } investigation)
        {
            text.Append(investigation.Summary.TrimEnd('.')).Append(". ");
            if (investigation.RootCause is { Length: > 0 } cause)
            {
                text.Append(CultureInfo.InvariantCulture, $"Root cause: {cause.TrimEnd('.')} (confidence {investigation.Confidence.ToString("P0", Invariant)}). ");
            }
        }
        else
        {
            var findings = Findings(history, 4);
            text.Append(findings.Count > 0 ? "Findings so far: " + string.Join(" ", findings) + " " : "No findings yet. ");
        }

        text.Append(Next(rr));
        return text.ToString().Trim();
    }

    public static string Options(RemediationRequest rr, IReadOnlyList<WorkflowOption> options)
    {
        if (options.Count == 0)
        {
            return rr.Status?.Investigation is null
                ? $"No options yet: {rr.Name} is {rr.Phase}; workflows are proposed once the investigation has concluded."
                : $"No workflow in the catalog fits what the investigation found on {Target(rr)}. {Next(rr)}";
        }

        var text = new StringBuilder($"{options.Count} workflow{(options.Count == 1 ? "" : "s")} match{(options.Count == 1 ? "es" : "")} this: ");
        text.Append(string.Join("; ", options.Select(Describe))).Append(". ");
        if (rr.Status?.Proposal?.Workflow is { } proposed)
        {
            text.Append(CultureInfo.InvariantCulture, $"Proposed: {proposed}. ");
        }

        text.Append(Next(rr));
        return text.ToString().Trim();
    }

    public static string WhyNot(RemediationRequest rr, IReadOnlyList<WorkflowOption> options, string asked)
    {
        var investigation = rr.Status?.Investigation;
        var chosen = BestFor(asked, options);
        var preferred = rr.Status?.Proposal?.Workflow is { } p ? options.FirstOrDefault(o => o.Workflow == p) : options.FirstOrDefault();
        var cause = investigation?.RootCause is { Length: > 0 } rc ? $"The root cause is {Lower(rc.TrimEnd('.'))}." : "The investigation found no root cause yet.";
        if (chosen is null)
        {
            return $"No option does \"{asked}\". {cause} " + Options(rr, options);
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{chosen.Workflow} ({Lower(chosen.Description.TrimEnd('.'))}) is an option: confidence {chosen.Confidence.ToString("P0", Invariant)}, risk {chosen.Risk}. ");
        text.Append(cause).Append(' ');
        if (preferred is not null && preferred.Workflow != chosen.Workflow)
        {
            var category = investigation?.Categories?.FirstOrDefault();
            text.Append(CultureInfo.InvariantCulture, $"{chosen.Workflow} acts on {(chosen.ActionType.Length > 0 ? chosen.ActionType : "the symptom")}");
            text.Append(category is not null ? $", while the evidence points at {category}" : "").Append(CultureInfo.InvariantCulture, $"; {preferred.Workflow} ({Lower(preferred.Description.TrimEnd('.'))}) addresses that: {preferred.Rationale.TrimEnd('.')}. ");
            text.Append(CultureInfo.InvariantCulture, $"You can still choose {chosen.Workflow}: say \"go with {chosen.Workflow}\".");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"It is the proposed option: {chosen.Rationale.TrimEnd('.')}.");
        }

        return text.ToString().Trim();
    }

    public static string WhatChanged(RemediationRequest rr, IReadOnlyList<AuditEntry> history)
    {
        var investigation = rr.Status?.Investigation;
        if (investigation is null)
        {
            return $"The investigation has not concluded yet ({rr.Phase}). " + Status(rr, history);
        }

        var changes = (investigation.Evidence ?? []).Where(e => IsChange(e)).Select(Finding).ToList();
        var facts = investigation.Facts ?? new Dictionary<string, string>();
        if (facts.TryGetValue("configmap", out var configMap) && facts.TryGetValue("previousRevision", out var revision))
        {
            changes.Add($"ConfigMap {configMap} changed; revision {revision} is the last one before the change.");
        }

        return changes.Count > 0
            ? "What changed before the onset: " + string.Join(" ", changes.Distinct())
            : $"The investigation found no change to {Target(rr)} before the onset. {investigation.Summary}";
    }

    public static string Evidence(RemediationRequest rr, IReadOnlyList<AuditEntry> history, string question)
    {
        var investigation = rr.Status?.Investigation;
        if (investigation?.Evidence is not { Count: > 0 } evidence)
        {
            return Status(rr, history);
        }

        var keywords = new[] { "log", "metric", "event", "memory", "latency", "pod" }.Where(question.Contains).ToList();
        var picked = evidence.Where(e => keywords.Count == 0 || keywords.Any(k => (e.Source + " " + e.Finding).Contains(k, StringComparison.OrdinalIgnoreCase))).ToList();
        if (picked.Count == 0)
        {
            picked = [.. evidence];
        }

        return "Evidence: " + string.Join(" ", picked.Take(8).Select(Finding)) +
            (investigation.RootCause is { Length: > 0 } cause ? $" So: {cause.TrimEnd('.')}." : "");
    }

    /// <summary>The joining participant's catch-up: where the request came from, how far it is, what was found.</summary>
    public static string CatchUp(RemediationRequest rr, IReadOnlyList<AuditEntry> history, DateTimeOffset now)
    {
        var started = rr.Metadata.CreationTimestamp ?? rr.Spec.ReceivedTime;
        var minutes = Math.Max(0, (int)Math.Round((now - started).TotalMinutes));
        var ago = minutes switch { 0 => "less than a minute ago", 1 => "1 minute ago", _ => $"{minutes} minutes ago" };
        var source = rr.Spec.SignalType == "alert" ? $"a {rr.Spec.SignalName} alert" : "a report in words";
        var running = RemediationPhase.IsTerminal(rr.Phase) ? "There was an investigation" : "There's already an investigation running";
        var text = new StringBuilder($"{running} on {rr.Spec.TargetResource.Name} in {rr.Spec.ClusterId} ({rr.Name}) — it started {ago} from {source}. Let me catch you up. ");
        if (rr.Status?.Investigation is { } investigation)
        {
            text.Append(string.Join(" ", (investigation.Evidence ?? []).Take(6).Select(Finding))).Append(' ');
            if (investigation.RootCause is { Length: > 0 } cause)
            {
                text.Append(CultureInfo.InvariantCulture, $"Root cause: {cause.TrimEnd('.')}. ");
            }
        }
        else
        {
            var findings = Findings(history, 6);
            text.Append(findings.Count > 0 ? string.Join(" ", findings) + " " : "");
        }

        text.Append(CultureInfo.InvariantCulture, $"It is {rr.Phase} now. ").Append(Next(rr));
        return text.ToString().Trim();
    }

    /// <summary>The option a phrase ("just raise the memory") is about: the most words in common with its name, description and action.</summary>
    public static WorkflowOption? BestFor(string phrase, IReadOnlyList<WorkflowOption> options)
    {
        var words = Words(phrase);
        return options
            .Select(o => (Option: o, Score: Words($"{o.Workflow} {o.Description} {o.ActionType}").Count(words.Contains)))
            .Where(s => s.Score > 0)
            .OrderByDescending(s => s.Score)
            .Select(s => s.Option)
            .FirstOrDefault();
    }

    public static string Describe(WorkflowOption o) =>
        $"{o.Workflow} (confidence {o.Confidence.ToString("P0", Invariant)}, risk {o.Risk}: {o.Description.TrimEnd('.')})";

    /// <summary>What the request waits for, in one sentence.</summary>
    public static string Next(RemediationRequest rr) => rr.Phase switch
    {
        RemediationPhase.AwaitingApproval => "It is waiting for a decision: say \"go with <workflow>\" to choose one.",
        RemediationPhase.Pending or RemediationPhase.Investigating => "The investigation is still running; findings stream as they come.",
        RemediationPhase.Executing => $"{rr.Status?.Decision?.Workflow ?? rr.Status?.Proposal?.Workflow ?? "The workflow"} is running.",
        RemediationPhase.Verifying => "The fix ran; the hub is verifying it held.",
        RemediationPhase.Completed => rr.Status?.Verification is { Passed: true } ? "It is resolved: the fix was verified." : $"It is closed ({rr.Status?.CompletionStatus?.Outcome}).",
        _ => "",
    };

    private static IReadOnlyList<string> Findings(IReadOnlyList<AuditEntry> history, int max) =>
        [.. history.Where(e => e.Kind == AuditKinds.Transcript)
            .Select(e => TranscriptText(e.Data))
            .OfType<string>()
            .TakeLast(max)];

    /// <summary>The sentence of a transcript entry (narration, conclusion, status), or null for tool calls and tokens.</summary>
    public static string? TranscriptText(string data)
    {
        try
        {
            using var doc = JsonDocument.Parse(data);
            var root = doc.RootElement;
            return root.TryGetProperty("type", out var type) && type.GetString() is "narration" or "conclusion" or "status" or "context"
                && root.TryGetProperty("text", out var text) ? text.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsChange(EvidenceItem e) =>
        new[] { "change", "rollout", "revision", "configmap", "config" }.Any(k => (e.Source + " " + e.Finding).Contains(k, StringComparison.OrdinalIgnoreCase));

    private static string Finding(EvidenceItem e) => e.Finding.TrimEnd('.') + ".";

    private static string Target(RemediationRequest rr) =>
        $"{rr.Spec.ClusterId}/{rr.Spec.TargetResource.Namespace}/{rr.Spec.TargetResource.Kind}/{rr.Spec.TargetResource.Name}";

    private static string Lower(string s) => s.Length > 0 && char.IsUpper(s[0]) && (s.Length == 1 || !char.IsUpper(s[1])) ? char.ToLowerInvariant(s[0]) + s[1..] : s;

    private static HashSet<string> Words(string text) =>
        [.. text.ToLowerInvariant().Split([' ', '-', ',', '.', '+', '(', ')', '/', ':', '?', '!'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length > 2 && w is not ("the" or "and" or "just" or "not" or "why" or "with"))
            .Select(w => w.TrimEnd('s'))];
}
