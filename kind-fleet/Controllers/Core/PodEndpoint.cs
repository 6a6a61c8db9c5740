using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Json;

namespace Kubernaut.KindFleet.Controllers.Core;

/// <summary>A pod as a Service backend: its address, readiness and named container ports.</summary>
internal sealed record PodEndpoint(
    string Namespace,
    string Name,
    string Uid,
    string Ip,
    string? NodeName,
    bool Ready,
    bool Terminating,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, long> NamedPorts)
{
    public static PodEndpoint? From(JsonObject pod) => pod["status"].Str("podIP") is { } ip
        ? new PodEndpoint(pod.Namespace(), pod.Name(), pod.Uid(), ip, pod["spec"].Str("nodeName"), ObjectRefs.IsPodReady(pod), pod.IsDeleting(),
            pod.Metadata()["labels"].StringMap(),
            (pod["spec"]?["containers"].Objects().SelectMany(c => c["ports"].Objects()) ?? [])
                .Where(p => p.Str("name") is not null && p.Long("containerPort") is not null)
                .DistinctBy(p => p.Str("name")).ToDictionary(p => p.Str("name")!, p => p.Long("containerPort")!.Value, StringComparer.Ordinal))
        : null;

    public JsonObject Address() => new()
    {
        ["ip"] = Ip,
        ["nodeName"] = NodeName,
        ["targetRef"] = TargetRef(),
    };

    public JsonObject TargetRef() => new()
    {
        ["kind"] = "Pod",
        ["namespace"] = Namespace,
        ["name"] = Name,
        ["uid"] = Uid,
    };

    /// <summary>A service port's targetPort as a number, resolving a named port through the pods' containers.</summary>
    public static long TargetPort(JsonObject servicePort, IEnumerable<PodEndpoint> pods)
    {
        var target = servicePort["targetPort"];
        if (target.ScalarText() is { } text && !long.TryParse(text, out _))
        {
            return pods.Select(p => p.NamedPorts.GetValueOrDefault(text)).FirstOrDefault(p => p > 0);
        }

        return long.TryParse(target.ScalarText(), out var n) ? n : servicePort.Long("port") ?? 0;
    }
}
