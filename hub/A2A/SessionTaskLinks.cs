using Kubernaut.Hub.Sessions;

namespace Kubernaut.Hub.A2A;

/// <summary>
/// Task links kept by the conversation's InvestigationSession CRs: a turn carrying <c>a2a:&lt;task id&gt;</c> as its
/// external id links that task to the request's session, on the hub cluster, so any replica (and a restarted hub) finds it.
/// </summary>
internal sealed class SessionTaskLinks(InvestigationSessionStore sessions) : ITaskLinks
{
    public static string ExternalId(string taskId) => "a2a:" + taskId;

    public async Task<TaskLink?> FindAsync(string taskId, CancellationToken ct) =>
        await sessions.FindByExternalIdAsync(ExternalId(taskId), ct) is { } session
            ? new TaskLink(taskId, session.Spec.RemediationId, session.Name)
            : null;
}
