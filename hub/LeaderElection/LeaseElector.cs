using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Kubernaut.Hub.Hosting;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.LeaderElection;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease in the hub namespace. Every write carries the resourceVersion it
/// read, so two replicas cannot both take the lease. Expiry is judged on this replica's own clock from when it last saw
/// the holder's record change (not the holder's timestamps), and a leader stops acting once it has failed to renew for
/// RenewDeadline, which is shorter than LeaseDuration: the old leader has stopped before anyone else can start.
/// </summary>
internal sealed partial class LeaseElector(IKubernetes hub, IOptions<HubOptions> hubOptions, IOptions<LeaderElectionOptions> options, TimeProvider time,
    HubMetrics metrics, ILogger<LeaseElector> logger) : BackgroundService, ILeadership
{
    private readonly string _identity = options.Value.Identity ?? $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
    private DateTimeOffset _renewedAt = DateTimeOffset.MinValue;
    private bool _holding;
    private string? _observedRecord;
    private DateTimeOffset _observedAt;

    public string Identity => _identity;

    public bool IsLeader => Volatile.Read(ref _holding) && time.GetUtcNow() - _renewedAt < options.Value.RenewDeadline;

    private string Namespace => hubOptions.Value.Namespace;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var holding = await TryAcquireOrRenewAsync(stoppingToken);
                SetHolding(holding);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or TaskCanceledException)
            {
                // Could not reach the hub: keep acting only until the renew deadline passes (IsLeader checks it).
                LogRenewFailed(logger, e.Message);
            }

            try
            {
                await Task.Delay(options.Value.RetryPeriod, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await ReleaseAsync();
    }

    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        V1Lease lease;
        try
        {
            lease = await hub.CoordinationV1.ReadNamespacedLeaseAsync(options.Value.LeaseName, Namespace, cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return await CreateAsync(now, ct);
        }

        var spec = lease.Spec ??= new V1LeaseSpec();
        var record = $"{spec.HolderIdentity}|{spec.RenewTime:O}|{spec.LeaseTransitions}";
        if (record != _observedRecord)
        {
            _observedRecord = record;
            _observedAt = now;
        }

        var mine = spec.HolderIdentity == _identity;
        var expired = string.IsNullOrEmpty(spec.HolderIdentity) || now - _observedAt >= TimeSpan.FromSeconds(spec.LeaseDurationSeconds ?? (int)options.Value.LeaseDuration.TotalSeconds);
        if (!mine && !expired)
        {
            return false;
        }

        if (!mine)
        {
            spec.HolderIdentity = _identity;
            spec.AcquireTime = now.UtcDateTime;
            spec.LeaseTransitions = (spec.LeaseTransitions ?? 0) + 1;
            LogAcquiring(logger, _identity, lease.Spec.HolderIdentity);
        }

        spec.RenewTime = now.UtcDateTime;
        spec.LeaseDurationSeconds = (int)Math.Ceiling(options.Value.LeaseDuration.TotalSeconds);
        try
        {
            await hub.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, lease.Metadata.Name, Namespace, cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return false; // Someone else wrote the lease since we read it: they hold it, or will.
        }

        _renewedAt = now;
        return true;
    }

    private async Task<bool> CreateAsync(DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            await hub.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease
            {
                Metadata = new V1ObjectMeta { Name = options.Value.LeaseName, NamespaceProperty = Namespace },
                Spec = new V1LeaseSpec
                {
                    HolderIdentity = _identity,
                    AcquireTime = now.UtcDateTime,
                    RenewTime = now.UtcDateTime,
                    LeaseDurationSeconds = (int)Math.Ceiling(options.Value.LeaseDuration.TotalSeconds),
                    LeaseTransitions = 0,
                },
            }, Namespace, cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false; // The namespace is not there yet; the CRD installer creates it.
        }

        _renewedAt = now;
        return true;
    }

    /// <summary>On a clean stop, hand the lease back so the next replica need not wait for it to expire.</summary>
    private async Task ReleaseAsync()
    {
        if (!Volatile.Read(ref _holding))
        {
            return;
        }

        SetHolding(false);
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var lease = await hub.CoordinationV1.ReadNamespacedLeaseAsync(options.Value.LeaseName, Namespace, cancellationToken: cts.Token);
            if (lease.Spec?.HolderIdentity == _identity)
            {
                lease.Spec.HolderIdentity = null;
                await hub.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, lease.Metadata.Name, Namespace, cancellationToken: cts.Token);
            }
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            LogReleaseFailed(logger, e.Message);
        }
    }

    private void SetHolding(bool holding)
    {
        if (Volatile.Read(ref _holding) != holding)
        {
            LogLeadershipChanged(logger, _identity, holding);
        }

        Volatile.Write(ref _holding, holding);
        metrics.SetLeader(holding);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} taking the leader lease from '{Previous}'")]
    private static partial void LogAcquiring(ILogger logger, string identity, string? previous);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} leader: {IsLeader}")]
    private static partial void LogLeadershipChanged(ILogger logger, string identity, bool isLeader);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not renew the leader lease: {Error}")]
    private static partial void LogRenewFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not release the leader lease: {Error}")]
    private static partial void LogReleaseFailed(ILogger logger, string error);
}

/// <summary>For a hub configured to run alone (LeaderElection:Enabled=false).</summary>
internal sealed class SoleLeader : ILeadership
{
    public bool IsLeader => true;

    public string Identity => Environment.MachineName;
}
