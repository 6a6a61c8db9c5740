namespace Kubernaut.Hub.Fleet;

/// <summary>
/// Read access to spoke clusters. The default reads each spoke's API through <see cref="ISpokeClients"/>; the MCP
/// addon (a later issue) can replace it with calls to its per-cluster tools.
/// </summary>
internal interface ISpokeReader
{
    /// <summary>The object with its owner references, or null when it does not exist.</summary>
    Task<SpokeObject?> GetAsync(string cluster, ObjectRef target, CancellationToken ct);

    /// <summary>Deployments, StatefulSets and DaemonSets in every namespace of the cluster.</summary>
    Task<IReadOnlyList<SpokeWorkload>> ListWorkloadsAsync(string cluster, CancellationToken ct);
}
