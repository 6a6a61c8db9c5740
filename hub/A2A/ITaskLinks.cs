namespace Kubernaut.Hub.A2A;

/// <summary>Which request (and conversation session) an A2A task id belongs to.</summary>
internal sealed record TaskLink(string TaskId, string RemediationId, string? SessionId);

/// <summary>
/// Finds the request behind an A2A task id. The link is written by the conversation when a turn carries the task id
/// as its external id (InvestigationSession CRs), so it survives a hub restart and is the same on every replica.
/// </summary>
internal interface ITaskLinks
{
    Task<TaskLink?> FindAsync(string taskId, CancellationToken ct);
}
