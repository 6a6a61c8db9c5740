using System.Globalization;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace Kubernaut.SpokeAddon.Kubernetes;

public sealed record ConfigMapChange(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Changed)
{
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0 && Changed.Count == 0;
}

public sealed record ConfigMapRevision(long Revision, string Name, DateTimeOffset? CreatedAt, ConfigMapChange? ChangeFromPrevious, IReadOnlyDictionary<string, string> Data);

public sealed record ConfigMapView(
    string Name,
    string Namespace,
    DateTimeOffset? CreatedAt,
    string? ResourceVersion,
    IReadOnlyDictionary<string, string> Data,
    ConfigMapChange? ChangeFromLatestRevision,
    IReadOnlyList<ConfigMapRevision> History);

/// <summary>
/// A ConfigMap and its revision history. Kubernetes keeps none for ConfigMaps, so the fleet records each version as
/// a ControllerRevision labelled <c>kubernaut.ai/configmap=&lt;name&gt;</c> carrying <c>kubernaut.ai/revision</c>
/// (label or annotation; the ControllerRevision's own <c>revision</c> otherwise), its data the ConfigMap's data.
/// </summary>
public sealed class ConfigMapHistoryReader(IKubernetes kube)
{
    public const string ConfigMapLabel = "kubernaut.ai/configmap";
    public const string RevisionKey = "kubernaut.ai/revision";

    public async Task<ConfigMapView> ReadAsync(string ns, string name, bool includeHistory, CancellationToken ct)
    {
        var configMap = await KubeErrors.ReadAsync($"configmap {ns}/{name}", () => kube.CoreV1.ReadNamespacedConfigMapAsync(name, ns, cancellationToken: ct));
        var data = Copy(configMap.Data);
        var history = includeHistory ? await HistoryAsync(ns, name, ct) : [];
        return new ConfigMapView(
            name, ns, KubeTime.Utc(configMap.Metadata.CreationTimestamp), configMap.Metadata.ResourceVersion, data,
            history.Count > 0 ? Diff(history[0].Data, data) : null,
            history);
    }

    private async Task<IReadOnlyList<ConfigMapRevision>> HistoryAsync(string ns, string name, CancellationToken ct)
    {
        var revisions = await KubeErrors.ReadAsync($"configmap revisions in {ns}",
            () => kube.AppsV1.ListNamespacedControllerRevisionAsync(ns, labelSelector: $"{ConfigMapLabel}={name}", cancellationToken: ct));
        var ascending = revisions.Items
            .Select(cr => (Revision: RevisionOf(cr), Item: cr, Data: DataOf(cr.Data)))
            .OrderBy(r => r.Revision)
            .ToList();
        var result = new List<ConfigMapRevision>();
        for (var i = 0; i < ascending.Count; i++)
        {
            var (revision, item, values) = ascending[i];
            result.Add(new ConfigMapRevision(revision, item.Metadata.Name, KubeTime.Utc(item.Metadata.CreationTimestamp),
                i == 0 ? null : Diff(ascending[i - 1].Data, values), values));
        }

        result.Reverse();
        return result;
    }

    private static long RevisionOf(V1ControllerRevision cr)
    {
        var text = cr.Metadata.Labels?.Value(RevisionKey) ?? cr.Metadata.Annotations?.Value(RevisionKey);
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var revision) ? revision : cr.Revision ?? 0;
    }

    // Either the ConfigMap's data map itself, or a ConfigMap-shaped object with a "data" map.
    private static Dictionary<string, string> DataOf(object? raw)
    {
        if (raw is not JsonElement { ValueKind: JsonValueKind.Object } root)
        {
            return [];
        }

        var map = root.TryGetProperty("data", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : root;
        return map.EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.String)
            .ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
    }

    public static ConfigMapChange Diff(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) => new(
        after.Keys.Except(before.Keys).Order(StringComparer.Ordinal).ToList(),
        before.Keys.Except(after.Keys).Order(StringComparer.Ordinal).ToList(),
        after.Where(p => before.TryGetValue(p.Key, out var old) && old != p.Value).Select(p => p.Key).Order(StringComparer.Ordinal).ToList());

    // Values are kept whole here so diffs see every change; the tool output clips what does not fit.
    private static Dictionary<string, string> Copy(IDictionary<string, string>? data) =>
        new(data ?? new Dictionary<string, string>(), StringComparer.Ordinal);
}
