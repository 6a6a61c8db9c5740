namespace Kubernaut.Hub.Execution;

/// <summary>
/// Removes what a run created: the AWX credential, the ClusterPermission (its ManifestWork takes the spoke RBAC with
/// it) and the ManagedServiceAccount (the addon deletes the spoke ServiceAccount, which voids the token, and the
/// token Secret goes with its owner). Driven only by the persisted progress, so the stage, the janitor, and a hub
/// that restarted all do the same thing. Each step is recorded when done; AWX being down leaves only its step pending.
/// </summary>
internal sealed partial class ExecutionCleanup(EphemeralAccess access, AwxClient awx, ExecutionJournal journal, TimeProvider time, ILogger<ExecutionCleanup> logger)
{
    public async Task RunAsync(string rr, ExecutionProgress progress, CancellationToken ct)
    {
        var cleanup = progress.Cleanup;
        var before = (cleanup.CredentialDeletedAt, cleanup.PermissionDeletedAt, cleanup.ServiceAccountDeletedAt);
        if (cleanup.CredentialDeletedAt is null)
        {
            try
            {
                var id = progress.AwxCredentialId ?? (progress.AwxCredentialName.Length > 0 && awx.IsConfigured ? await awx.FindCredentialAsync(progress.AwxCredentialName, ct) : null);
                if (id is { } credential)
                {
                    await awx.DeleteCredentialAsync(credential, ct);
                }

                cleanup.CredentialDeletedAt = time.GetUtcNow();
                cleanup.LastError = null;
            }
            catch (Exception e) when (e is AwxUnreachableException or AwxApiException)
            {
                cleanup.LastError = "AWX credential not deleted yet: " + e.Message;
                LogCleanupPending(logger, rr, e.Message);
            }
        }

        if (cleanup.PermissionDeletedAt is null && progress.Permission.Length > 0)
        {
            await access.DeletePermissionAsync(progress.Cluster, progress.Permission, ct);
            cleanup.PermissionDeletedAt = time.GetUtcNow();
        }

        if (cleanup.ServiceAccountDeletedAt is null && progress.ServiceAccount.Length > 0)
        {
            await access.DeleteServiceAccountAsync(progress.Cluster, progress.ServiceAccount, ct);
            cleanup.ServiceAccountDeletedAt = time.GetUtcNow();
        }

        if (before != (cleanup.CredentialDeletedAt, cleanup.PermissionDeletedAt, cleanup.ServiceAccountDeletedAt))
        {
            await journal.SaveAsync(rr, progress, ct);
            if (cleanup.Done)
            {
                await journal.NoteAsync(rr, $"ephemeral access removed: AWX credential {progress.AwxCredentialName}, ClusterPermission and ManagedServiceAccount {progress.Cluster}/{progress.ServiceAccount}", null, ct);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "cleanup of {Remediation} pending: {Error}")]
    private static partial void LogCleanupPending(ILogger logger, string remediation, string error);
}
