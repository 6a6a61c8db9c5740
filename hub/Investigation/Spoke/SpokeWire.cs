using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kubernaut.Hub.Investigation.Spoke;

// The spoke addon's tool results (spoke-addon/Tools), as the hub reads them. Only the fields the engine reasons over.

internal sealed record SpokeEvent(
    string Type, string Reason, string Object, string? Message, int Count, DateTimeOffset? FirstSeen, DateTimeOffset? LastSeen, string? Source, string? Namespace);

internal sealed record SpokeContainer(
    string Name, string? Image, bool Ready, int RestartCount, string State, string? StateReason, string? LastTerminationReason, int? LastExitCode,
    DateTimeOffset? LastTerminatedAt, IReadOnlyDictionary<string, string>? Requests, IReadOnlyDictionary<string, string>? Limits);

internal sealed record SpokePod(
    string Name, string? Phase, string Ready, int Restarts, string? Node, string? Owner, DateTimeOffset? StartedAt, string? Reason,
    IReadOnlyList<SpokeContainer> Containers);

internal sealed record SpokeCondition(string Type, string Status, string? Reason, string? Message, DateTimeOffset? LastTransition);

internal sealed record SpokeTemplateContainer(string Name, string? Image, IReadOnlyDictionary<string, string>? Requests, IReadOnlyDictionary<string, string>? Limits);

internal sealed record SpokeWorkload(
    string Kind, string Name, int Desired, int Ready, int Available, int Updated, IReadOnlyDictionary<string, string>? Selector,
    IReadOnlyList<SpokeTemplateContainer> Containers, IReadOnlyList<SpokeCondition> Conditions);

internal sealed record SpokeRevision(
    long Revision, string Name, DateTimeOffset? CreatedAt, bool Current, int? Desired, int? Ready, IReadOnlyList<string> Images, string? ChangeCause);

internal sealed record SpokeConfigChange(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Changed);

internal sealed record SpokeConfigRevision(long Revision, string Name, DateTimeOffset? CreatedAt, SpokeConfigChange? ChangeFromPrevious, IReadOnlyDictionary<string, string> Data);

internal sealed record SpokeConfigMap(
    string Name, string Namespace, DateTimeOffset? CreatedAt, IReadOnlyDictionary<string, string> Data, SpokeConfigChange? ChangeFromLatestRevision,
    IReadOnlyList<SpokeConfigRevision> History);

internal sealed record SpokeAddress(string Ip, string? Pod, string? Node);

internal sealed record SpokeEndpoints(string Service, int Ready, int NotReady, IReadOnlyList<SpokeAddress> ReadyAddresses, IReadOnlyList<SpokeAddress> NotReadyAddresses);

internal sealed record SpokeTaint(string Key, string? Value, string Effect);

internal sealed record SpokeNode(string Name, string Ready, bool Unschedulable, IReadOnlyList<SpokeCondition> Conditions, IReadOnlyList<SpokeTaint> Taints);

internal sealed record SpokeOwnerLink(string Kind, string Name, bool Found);

internal sealed record SpokeOwnerChain(IReadOnlyList<SpokeOwnerLink> Chain, SpokeOwnerLink Root, string? StoppedBecause);

internal sealed record SpokeDescription(
    string Kind, string Name, string? Namespace, IReadOnlyDictionary<string, string>? Labels, IReadOnlyDictionary<string, string>? Annotations,
    JsonElement? Spec, JsonElement? Status, IReadOnlyList<SpokeEvent>? RecentEvents);

internal sealed record SpokeLogs(string Pod, string Container, bool Previous, int LinesScanned, int Matched, IReadOnlyList<string> Lines);

/// <summary>A list result: the items and whether the addon had to cut them to fit its output bound.</summary>
internal sealed record SpokeList<T>(IReadOnlyList<T> Items, int Total, bool Truncated);

internal static class SpokeJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static SpokeList<T> List<T>(JsonElement result, string itemsName) => new(
        result.TryGetProperty(itemsName, out var items) ? items.Deserialize<List<T>>(Options) ?? [] : [],
        result.TryGetProperty("total", out var total) && total.TryGetInt32(out var t) ? t : 0,
        result.TryGetProperty("truncated", out var cut) && cut.ValueKind == JsonValueKind.True);
}
