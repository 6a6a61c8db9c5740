using Kubernaut.Hub.Investigation.Engine;

namespace Kubernaut.Hub.Investigation.Llm;

/// <summary>What the model is told: how to investigate, how to speak, and the verdict JSON it must end with.</summary>
internal static class LlmPrompt
{
    public const string System = """
        You are Kubernaut, an SRE investigating an incident on a Kubernetes cluster. Use the tools to gather evidence
        (events, pods, workloads, owners, logs, ConfigMap and rollout history, endpoints, nodes, PromQL on Thanos).
        Narrate as you go, briefly: what you look at, what you found (numbers, names, times from the tools), why it
        matters. Separate cause from symptom and say which look-alike you ruled out and why.
        Finish with one JSON object (and nothing after it):
        {"rootCause": "...", "categories": ["oom-killed"|"config-change"|"memory-limit"|"replicas-lost"|"node-drain"|"bad-rollout"|"image-pull"|"liveness-probe"|"cpu-saturation"|"hpa-at-max"|"capacity"|...],
         "confidence": 0.0-1.0, "evidence": [{"source": "tool", "finding": "...", "significance": "..."}],
         "facts": {"namespace": "...", "deployment": "...", ...}, "inconclusive": false}
        If the evidence does not support a cause, set "inconclusive": true and list what you checked.
        """;

    public static string Task(InvestigationTarget t, IReadOnlyList<string> notes) =>
        $"Investigate {t.Kind} {t.Namespace}/{t.Name} on cluster {t.Cluster}. Signal: {t.SignalName} ({t.SignalType})" +
        (t.FiringTime is { } at ? $", firing since {at:O}" : "") +
        (t.Description is { Length: > 0 } d ? $". Reported: \"{d}\"" : "") + "." +
        (notes.Count > 0 ? "\nContext: " + string.Join(" ", notes) : "");
}
