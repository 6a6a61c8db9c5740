using System.Text.Json;
using ModelContextProtocol;

namespace Kubernaut.SpokeAddon.Kubernetes;

public sealed record OwnerSummary(string Kind, string Name, bool Controller);

public sealed record ObjectDescription(
    string Kind,
    string Name,
    string? Namespace,
    DateTimeOffset? CreatedAt,
    IReadOnlyDictionary<string, string>? Labels,
    IReadOnlyDictionary<string, string>? Annotations,
    IReadOnlyList<OwnerSummary>? Owners,
    JsonElement? Spec,
    JsonElement? Data,
    JsonElement? Status,
    IReadOnlyList<EventSummary> RecentEvents);

/// <summary>A kubectl-describe-like view of one object: metadata, owners, spec, status and its recent events.</summary>
public sealed class ObjectDescriber(ObjectReader objects, EventReader events)
{
    private const int MaxEvents = 15;

    // Written by kubectl apply: a copy of the whole object, noise for an investigation.
    private const string LastApplied = "kubectl.kubernetes.io/last-applied-configuration";

    public async Task<ObjectDescription> DescribeAsync(string? ns, string kind, string name, CancellationToken ct)
    {
        if (string.Equals(kind, "Secret", StringComparison.OrdinalIgnoreCase) || string.Equals(kind, "secrets", StringComparison.OrdinalIgnoreCase))
        {
            throw new McpException("Secrets are never read by the investigation tools");
        }

        var info = KindInfo.Find(kind) ?? throw new McpException($"kind: '{kind}' is not a kind describe knows");
        var obj = await objects.TryReadAsync(info, ns, name, ct)
            ?? throw new McpException($"{info.Kind} {(info.Namespaced ? $"{ns}/" : "")}{name} not found");
        var eventNamespace = info.Namespaced ? ns ?? "default" : EventReader.AllNamespaces;
        var related = await events.ListAsync(eventNamespace, null, info.Kind, name, null, ct);
        var annotations = obj.Metadata.Annotations?.Where(a => a.Key != LastApplied).ToDictionary(a => a.Key, a => a.Value);
        return new ObjectDescription(
            info.Kind,
            name,
            obj.Metadata.NamespaceProperty,
            KubeTime.Utc(obj.Metadata.CreationTimestamp),
            obj.Metadata.Labels is { Count: > 0 } labels ? new Dictionary<string, string>(labels) : null,
            annotations is { Count: > 0 } ? annotations : null,
            obj.Metadata.OwnerReferences?.Select(o => new OwnerSummary(o.Kind, o.Name, o.Controller == true)).ToList(),
            obj.Rest.TryGetValue("spec", out var spec) ? spec : null,
            obj.Rest.TryGetValue("data", out var data) ? data : null,
            obj.Rest.TryGetValue("status", out var status) ? status : null,
            related.Take(MaxEvents).ToList());
    }
}
