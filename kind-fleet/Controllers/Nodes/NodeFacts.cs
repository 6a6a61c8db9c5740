using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;

namespace Kubernaut.KindFleet.Controllers.Nodes;

/// <summary>What the scheduler and kubelet need to know about a node, read without cloning it.</summary>
internal sealed record NodeFacts(
    string Name,
    int Index,
    bool Ready,
    bool Unschedulable,
    IReadOnlyList<Taint> Taints,
    IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>The node's address on the simulated kind network, also its pods' hostIP.</summary>
    public string InternalIp => $"172.18.0.{Index + 2}";

    public string PodCidrPrefix => $"10.244.{Index}.";

    public static Dictionary<string, NodeFacts> Read(SimulatedCluster cluster)
    {
        var nodes = cluster.Store.Project(Kinds.Nodes, null, node => new NodeFacts(
            node.Name(),
            0,
            node.ConditionTrue("Ready"),
            node["spec"].Bool("unschedulable") == true,
            [.. (node["spec"]?["taints"]).Objects().Select(t => new Taint(t.Str("key") ?? "", t.Str("value") ?? "", t.Str("effect") ?? ""))],
            node.Metadata()["labels"].StringMap()));
        return nodes.OrderBy(n => n.Name, StringComparer.Ordinal).Select((n, i) => n with { Index = i })
            .ToDictionary(n => n.Name, StringComparer.Ordinal);
    }
}

internal sealed record Taint(string Key, string Value, string Effect)
{
    public bool ToleratedBy(JsonNode? tolerations) => tolerations.Objects().Any(t =>
        (t.Str("effect") is null or "" || t.Str("effect") == Effect)
        && (t.Str("operator") == "Exists"
            ? t.Str("key") is null or "" || t.Str("key") == Key
            : t.Str("key") == Key && (t.Str("value") ?? "") == Value));

    public override string ToString() => $"{{{Key}: {Value}}}";
}
