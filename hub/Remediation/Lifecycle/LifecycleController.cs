using System.Collections.Concurrent;
using Kubernaut.Hub.Hosting;
using Kubernaut.Hub.LeaderElection;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Remediation.Lifecycle;

/// <summary>
/// The reconcile loop: while this replica holds the leader Lease, every open request is advanced from its persisted
/// state, a few at a time, never the same one twice at once. Nothing is remembered across restarts except what the
/// requests themselves hold, which is what makes a killed hub's successor carry on where it stopped.
/// </summary>
internal sealed partial class LifecycleController(
    RemediationStore store,
    LifecycleSteps steps,
    LifecycleTrigger trigger,
    ILeadership leadership,
    HubReadiness readiness,
    IOptions<LifecycleOptions> options,
    TimeProvider time,
    ILogger<LifecycleController> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _notBefore = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _inFlight = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var parallel = new SemaphoreSlim(options.Value.MaxParallel);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await trigger.WaitAsync(options.Value.PollInterval, time, stoppingToken);
                if (leadership.IsLeader && readiness.IsReady)
                {
                    await ScheduleAsync(parallel, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is k8s.Autorest.HttpOperationException or HttpRequestException)
            {
                LogListFailed(logger, e.Message);
            }
        }

        // Let running steps finish their write; a step cut off here is resumed by the next leader anyway.
        await Task.WhenAll(_inFlight.Values).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task ScheduleAsync(SemaphoreSlim parallel, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        foreach (var rr in await store.ListAsync(null, ct))
        {
            if (RemediationPhase.IsTerminal(rr.Status?.OverallPhase))
            {
                _notBefore.TryRemove(rr.Name, out _);
                continue;
            }

            if (_inFlight.ContainsKey(rr.Name) || (_notBefore.TryGetValue(rr.Name, out var due) && due > now))
            {
                continue;
            }

            var name = rr.Name;
            var task = Task.Run(() => AdvanceAsync(name, parallel, ct), CancellationToken.None);
            _inFlight[name] = task;
            _ = task.ContinueWith(_ => _inFlight.TryRemove(name, out var _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task AdvanceAsync(string name, SemaphoreSlim parallel, CancellationToken ct)
    {
        await parallel.WaitAsync(ct);
        try
        {
            var next = await steps.AdvanceAsync(name, ct);
            _notBefore[name] = time.GetUtcNow() + (next ?? options.Value.PollInterval);
            if (next == TimeSpan.Zero)
            {
                trigger.Kick();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down; the next leader resumes this request.
        }
        catch (Exception e)
        {
            LogStepFailed(logger, name, e.Message);
            _notBefore[name] = time.GetUtcNow() + options.Value.PollInterval;
        }
        finally
        {
            parallel.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not list remediation requests: {Error}")]
    private static partial void LogListFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "step for {Name} failed, will retry: {Error}")]
    private static partial void LogStepFailed(ILogger logger, string name, string error);
}
