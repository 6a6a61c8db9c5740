using System.Text.Json.Nodes;
using Kubernaut.Hub.Audit;
using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Selection;

namespace Kubernaut.Hub.Tests.A2A;

/// <summary>Requests and audit entries shaped like the seed's second story, for the protocol layer's unit tests.</summary>
internal static class A2ASamples
{
    public const string Rr = "rr-d47f62c1e8a3-91b3f07c";

    public static readonly WorkflowOption[] Options =
    [
        new("scale-statefulset", "Restore payment-db to 3 replicas on available nodes", "scale", "low", 0.93,
            new Dictionary<string, string> { ["statefulset"] = "payment-db", ["replicas"] = "3" }, "replicas-lost", true),
        new("rollback-node-drain", "Uncordon the drained node and reschedule pods", "uncordon", "medium", 0.72,
            new Dictionary<string, string> { ["node"] = "node-2" }, "node-drain", true),
    ];

    public static RemediationView View(string phase, bool withOptions = false, bool decided = false) => new()
    {
        Id = Rr,
        Cluster = "prod-eu-west",
        Namespace = "prod",
        Target = new TargetView("Deployment", "payment-gateway", "apps/v1"),
        Phase = phase,
        PhaseReason = "because",
        Fingerprint = "f",
        Signal = new SignalView("HighLatency", "natural-language", "a2a", "warning", "firing", null, null),
        Proposal = withOptions ? new RemediationProposal("scale-statefulset", 0.93, "low", Options[0].Parameters, "best fit", Options) : null,
        Decision = decided ? new DecisionRecord("approve", "demo-operator", "a2a", "go with scale-statefulset", DateTimeOffset.UnixEpoch, "scale-statefulset", null) : null,
    };

    public static AuditEntry Transition(long seq, string from, string to) =>
        Entry(seq, AuditKinds.Transition, $"{to} now", new JsonObject { ["from"] = from, ["to"] = to, ["phase"] = to });

    public static AuditEntry Finding(long seq, string text, string type = "narration") =>
        Entry(seq, AuditKinds.Transcript, text, new JsonObject { ["type"] = type, ["text"] = text, ["step"] = seq });

    public static AuditEntry Decision(long seq, string workflow) =>
        Entry(seq, AuditKinds.Decision, "go with " + workflow, new JsonObject { ["decision"] = "approve", ["workflow"] = workflow }, actor: "demo-operator", via: "a2a");

    public static AuditEntry Signal(long seq, string words) =>
        Entry(seq, AuditKinds.Signal, "natural-language HighLatency", new JsonObject { ["description"] = words, ["created"] = true }, actor: "demo-operator", via: "a2a");

    public static AuditEntry Entry(long seq, string kind, string reason, JsonObject data, string actor = "kubernaut-hub", string via = "controller") =>
        new(seq, $"2026-11-30T07:58:{seq % 60:00}Z", kind, Rr, actor, via, reason, data.ToJsonString(), "p", "h");
}
