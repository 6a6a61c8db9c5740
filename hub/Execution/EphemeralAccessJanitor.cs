using Kubernaut.Hub.LeaderElection;
using Kubernaut.Hub.Remediation;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Execution;

/// <summary>
/// Reconciles cleanup from persisted state, on the leader: a request whose run is over but whose cleanup is not
/// (AWX was down when it ended, the hub died in between) is cleaned up; an ephemeral identity labelled for a request
/// that is not executing (or no longer exists) is deleted. A crash can delay cleanup, never skip it.
/// </summary>
internal sealed partial class EphemeralAccessJanitor(RemediationStore store, EphemeralAccess access, ExecutionCleanup cleanup, ILeadership leadership,
    IOptions<ExecutionOptions> options, TimeProvider time, ILogger<EphemeralAccessJanitor> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, time, stoppingToken);
                if (leadership.IsLeader)
                {
                    await SweepAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is k8s.Autorest.HttpOperationException or HttpRequestException or InvalidOperationException)
            {
                LogSweepFailed(logger, e.Message);
            }
        }
    }

    public async Task SweepAsync(CancellationToken ct)
    {
        var requests = (await store.ListAsync(null, ct)).ToDictionary(r => r.Name, StringComparer.Ordinal);
        foreach (var rr in requests.Values)
        {
            var progress = rr.Status?.ExecutionProgress;
            var over = progress?.Outcome is not null || rr.Phase != RemediationPhase.Executing;
            if (progress is not null && over && !progress.Cleanup.Done && (options.Value.AwxUrl is not null || !progress.Cleanup.HubSideDone))
            {
                await cleanup.RunAsync(rr.Name, progress, ct);
            }
        }

        foreach (var (kind, cluster, name, remediation) in await access.ListOwnedAsync(ct))
        {
            if (requests.TryGetValue(remediation, out var rr) && rr.Phase == RemediationPhase.Executing && rr.Status?.ExecutionProgress?.Outcome is null)
            {
                continue;
            }

            LogOrphan(logger, kind, cluster, name, remediation);
            if (kind == "ClusterPermission")
            {
                await access.DeletePermissionAsync(cluster, name, ct);
            }
            else
            {
                await access.DeleteServiceAccountAsync(cluster, name, ct);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "cleanup sweep failed, will retry: {Error}")]
    private static partial void LogSweepFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "deleting leftover {Kind} {Cluster}/{Name} of {Remediation}")]
    private static partial void LogOrphan(ILogger logger, string kind, string cluster, string name, string remediation);
}
