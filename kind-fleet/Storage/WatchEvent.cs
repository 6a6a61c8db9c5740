using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Storage;

internal enum WatchEventType
{
    Added,
    Modified,
    Deleted,
}

/// <summary>One change in a cluster's store; <see cref="Object"/> is a snapshot nobody mutates.</summary>
internal sealed record WatchEvent(long Revision, WatchEventType Type, GroupResource Resource, string Namespace, string Name, JsonObject Object)
{
    public string TypeName => Type switch
    {
        WatchEventType.Added => "ADDED",
        WatchEventType.Modified => "MODIFIED",
        _ => "DELETED",
    };
}
