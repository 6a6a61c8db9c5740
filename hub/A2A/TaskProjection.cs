using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kubernaut.Hub.A2A.Wire;
using Kubernaut.Hub.Audit;
using Kubernaut.Hub.Investigation.Transcript;
using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Selection;

namespace Kubernaut.Hub.A2A;

/// <summary>
/// Renders a RemediationRequest and its audit trail as an A2A task. Every audit entry becomes exactly one message
/// (id <c>audit-&lt;seq&gt;</c>), in the task's history and in the stream alike, so a client can tell what it has seen;
/// the investigation's findings and the workflow options are also kept as artifacts.
/// </summary>
internal static class TaskProjection
{
    public const string FindingsArtifact = "findings";
    public const string OptionsArtifact = "workflow-options";

    private static readonly HashSet<string> FindingTypes = [TranscriptKinds.Narration, TranscriptKinds.Conclusion, TranscriptKinds.Context, TranscriptKinds.Status, TranscriptKinds.Token];

    public static AgentTask Snapshot(string taskId, RemediationView rr, IReadOnlyList<AuditEntry> entries, int? historyLength = null, Message? statusMessage = null)
    {
        var contextId = rr.Id;
        var state = TaskStateMapping.Of(rr);
        var history = entries.Select(e => MessageOf(taskId, contextId, e)).ToList();
        if (historyLength is >= 0 and var n && history.Count > n)
        {
            history = history[^n..];
        }

        var artifacts = new List<Artifact>();
        if (Findings(entries) is { Count: > 0 } findings)
        {
            artifacts.Add(new Artifact(FindingsArtifact, findings, "findings", "What the investigation found, step by step"));
        }

        if (OptionsOf(rr) is { } options)
        {
            artifacts.Add(options);
        }

        var message = statusMessage ?? (state == TaskStates.InputRequired ? ChoiceMessage(taskId, rr) : PhaseMessage(taskId, rr));
        return new AgentTask(taskId, contextId, new A2ATaskStatus(state, message, Timestamp(rr)), history, artifacts,
            new JsonObject { ["remediationId"] = rr.Id, ["phase"] = rr.Phase, ["cluster"] = rr.Cluster, ["target"] = $"{rr.Target.Kind}/{rr.Namespace}/{rr.Target.Name}" });
    }

    /// <summary>One audit entry as a turn: what a person did (a report in words, a decision, a question) is the user's; the rest is the agent's.</summary>
    public static Message MessageOf(string taskId, string contextId, AuditEntry entry)
    {
        var data = ParseData(entry.Data);
        var (role, text) = entry.Kind switch
        {
            AuditKinds.Transcript => ("agent", TranscriptText(data, entry.Reason)),
            AuditKinds.Transition => ("agent", data?["to"]?.GetValue<string>() is { Length: > 0 } to ? $"{to}: {entry.Reason}" : entry.Reason),
            AuditKinds.Decision => ("user", DecisionText(data, entry)),
            AuditKinds.Signal when data?["description"]?.GetValue<string>() is { Length: > 0 } words => ("user", words),
            AuditKinds.Turn => ("user", entry.Reason),
            _ => ("agent", entry.Reason),
        };
        var metadata = new JsonObject { ["auditSeq"] = entry.Seq, ["auditKind"] = entry.Kind, ["actor"] = entry.Actor, ["via"] = entry.Via, ["at"] = entry.At };
        if (data?["type"] is JsonValue type)
        {
            metadata["type"] = type.DeepClone();
        }

        if (entry.Kind == AuditKinds.Turn && data?["answer"] is JsonValue answer)
        {
            // The hub's answer to a turn travels with it: one message per audit entry keeps stream ids and history aligned.
            metadata["answer"] = answer.DeepClone();
        }

        return new Message(role, [new TextPart(text)], $"audit-{entry.Seq}", taskId, contextId, Metadata: metadata);
    }

    /// <summary>The finding an entry adds (a sentence of the investigation), or null when it adds none.</summary>
    public static TextPart? FindingOf(AuditEntry entry)
    {
        if (entry.Kind != AuditKinds.Transcript || ParseData(entry.Data) is not { } data || data["type"]?.GetValue<string>() is not { } type || !FindingTypes.Contains(type))
        {
            return null;
        }

        return new TextPart(TranscriptText(data, entry.Reason)) { Metadata = new JsonObject { ["auditSeq"] = entry.Seq, ["type"] = type } };
    }

    public static List<Part> Findings(IEnumerable<AuditEntry> entries) => [.. entries.Select(FindingOf).OfType<Part>()];

    /// <summary>The workflow options as structured data (and a line each for people), when the hub has proposed any.</summary>
    public static Artifact? OptionsOf(RemediationView rr)
    {
        if (rr.Proposal?.Options is not { Count: > 0 } options)
        {
            return null;
        }

        return new Artifact(OptionsArtifact, [OptionsData(rr), new TextPart(string.Join("\n", options.Select(Line)))], "workflow-options",
            "The workflows that fit the root cause; reply \"go with <workflow>\" to choose one");
    }

    /// <summary>The agent's turn when a choice is awaited: the options in words and as data.</summary>
    public static Message ChoiceMessage(string taskId, RemediationView rr)
    {
        var options = rr.Proposal?.Options ?? [];
        var text = options.Count == 0
            ? $"{rr.Id} awaits a decision: {rr.PhaseReason}"
            : $"Searching workflow catalog… {Count(options.Count)} based on the RCA:\n" + string.Join("\n", options.Select(Line)) +
              $"\nReply \"go with <workflow>\" to choose one{(rr.Proposal?.Workflow is { } best ? $" (proposed: {best})" : "")}.";
        return Message.Agent($"choice-{rr.Id}", taskId, rr.Id, [new TextPart(text), OptionsData(rr)]);
    }

    /// <summary>The agent's turn describing where the request stands.</summary>
    public static Message PhaseMessage(string taskId, RemediationView rr) =>
        Message.Agent($"phase-{rr.Id}-{rr.Transitions.Count}", taskId, rr.Id,
            [new TextPart(rr.PhaseReason is { Length: > 0 } why ? $"{rr.Phase}: {why}" : rr.Phase)]);

    public static DataPart OptionsData(RemediationView rr)
    {
        var options = new JsonArray();
        foreach (var o in rr.Proposal?.Options ?? [])
        {
            options.Add(new JsonObject
            {
                ["workflow"] = o.Workflow,
                ["description"] = o.Description,
                ["risk"] = o.Risk,
                ["confidence"] = o.Confidence,
                ["parameters"] = JsonSerializer.SerializeToNode(o.Parameters),
                ["actionType"] = o.ActionType,
                ["rationale"] = o.Rationale,
                ["ready"] = o.Ready,
            });
        }

        return new DataPart(new JsonObject
        {
            ["type"] = "workflow-options",
            ["remediationId"] = rr.Id,
            ["proposed"] = rr.Proposal?.Workflow,
            ["options"] = options,
        });
    }

    private static string Line(WorkflowOption o) =>
        $"{o.Workflow} · Confidence: {Math.Round(o.Confidence * 100).ToString(CultureInfo.InvariantCulture)}% · Risk: {o.Risk} · {o.Description}";

    private static string Count(int n) => n switch { 1 => "One option", 2 => "Two options", 3 => "Three options", _ => $"{n} options" };

    private static string? Timestamp(RemediationView rr) =>
        rr.Transitions.Count > 0 ? rr.Transitions[^1].At.ToString("O", CultureInfo.InvariantCulture) : rr.CreatedAt?.ToString("O", CultureInfo.InvariantCulture);

    private static string TranscriptText(JsonObject? data, string fallback) =>
        data?["text"] is JsonValue v && v.TryGetValue<string>(out var text) ? text : fallback;

    private static string DecisionText(JsonObject? data, AuditEntry entry)
    {
        var decision = data?["decision"]?.GetValue<string>() ?? "decided";
        var workflow = data?["workflow"]?.GetValue<string>();
        return $"{decision}{(workflow is null ? "" : " " + workflow)} ({entry.Actor} via {entry.Via}){(entry.Reason.Length > 0 && entry.Reason != decision ? ": " + entry.Reason : "")}";
    }

    private static JsonObject? ParseData(string data)
    {
        try
        {
            return JsonNode.Parse(data) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
