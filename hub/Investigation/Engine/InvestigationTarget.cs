namespace Kubernaut.Hub.Investigation.Engine;

/// <summary>What is investigated: the request's top-level workload on its cluster, and the signal that opened it.</summary>
internal sealed record InvestigationTarget(
    string RemediationId, string Cluster, string Namespace, string Kind, string Name, string SignalName, string SignalType,
    DateTimeOffset? FiringTime, string? Description);
