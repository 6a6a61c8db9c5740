using Microsoft.Extensions.Options;

namespace Kubernaut.KindFleet.Awx;

/// <summary>
/// Runs launched jobs in the background, at most <see cref="AwxOptions.MaxConcurrentJobs"/> at a time; a job waits
/// in <c>pending</c> for a slot. Disposing (host shutdown) kills whatever still runs.
/// </summary>
internal sealed partial class AwxJobDispatcher(AnsibleJobRunner runner, IOptions<AwxOptions> options, TimeProvider time, ILogger<AwxJobDispatcher> logger)
    : IDisposable
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.Value.MaxConcurrentJobs));
    private readonly CancellationTokenSource _shutdown = new();

    public void Enqueue(AwxJob job)
    {
        job.Advance(AwxJobStatus.Pending, time.GetUtcNow());
        _ = Task.Run(() => RunAsync(job), CancellationToken.None);
    }

    private async Task RunAsync(AwxJob job)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(job.CancelRequested, _shutdown.Token);
        try
        {
            await _slots.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            job.Finish(AwxJobStatus.Canceled, time.GetUtcNow());
            return;
        }

        try
        {
            await runner.RunAsync(job, _shutdown.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever went wrong around the playbook (not in it) is AWX's "error" state, never an unobserved task.
            LogJobError(logger, job.Id, e.GetType().Name);
            job.Finish(AwxJobStatus.Error, time.GetUtcNow(), "The job could not be run.", e.GetType().Name + ": " + e.Message);
        }
        finally
        {
            _slots.Release();
        }
    }

    // The semaphore and token source are left to the GC: background jobs may still release or observe them.
    public void Dispose() => _shutdown.Cancel();

    [LoggerMessage(Level = LogLevel.Warning, Message = "AWX job {JobId} errored outside the playbook ({ErrorType})")]
    private static partial void LogJobError(ILogger logger, int jobId, string errorType);
}
