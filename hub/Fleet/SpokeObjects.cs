namespace Kubernaut.Hub.Fleet;

/// <summary>Identity of one object on a spoke.</summary>
internal sealed record ObjectRef(string ApiVersion, string Kind, string Namespace, string Name);

/// <summary>What the hub needs of a spoke object: who owns it.</summary>
internal sealed record SpokeObject(ObjectRef Ref, IReadOnlyList<OwnerReference> Owners);

internal sealed record OwnerReference(string ApiVersion, string Kind, string Name, bool Controller);

/// <summary>A top-level workload on a spoke, as the natural-language resolver sees it.</summary>
internal sealed record SpokeWorkload(
    string Cluster,
    ObjectRef Ref,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations);

/// <summary>A ManagedCluster registered on the hub.</summary>
internal sealed record ManagedClusterInfo(
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    bool Available);
