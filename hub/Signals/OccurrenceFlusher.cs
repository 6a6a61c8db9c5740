using Kubernaut.Hub.Remediation;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Signals;

/// <summary>
/// Writes the repeats the intake counted in memory every <c>Signals:OccurrenceFlushInterval</c> (on the hub's
/// TimeProvider) and once more when the host stops, after which every signal is written at once, so a clean stop
/// loses nothing. A killed process loses at most one interval of repeats (their count, not any request).
/// </summary>
internal sealed partial class OccurrenceFlusher(
    SignalIntake intake, OccurrenceCoalescer coalescer, IOptions<SignalOptions> options, TimeProvider time, ILogger<OccurrenceFlusher> logger)
    : IHostedService, IAsyncDisposable
{
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private ITimer? _timer;
    private int _stopped;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var interval = options.Value.OccurrenceFlushInterval;
        if (interval > TimeSpan.Zero)
        {
            _timer = time.CreateTimer(_ => _ = TickAsync(), null, interval, interval);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // A host stopped twice (or stopped after disposal) has nothing left to flush the second time.
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        coalescer.Stop();
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
        }

        await _flushing.WaitAsync(cancellationToken);
        try
        {
            await intake.FlushAllAsync(cancellationToken);
        }
        catch (Exception e)
        {
            LogFinalFlushFailed(logger, e.Message);
        }
        finally
        {
            _flushing.Release();
            await _stopping.CancelAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private async Task TickAsync()
    {
        // A flush still writing when the next tick comes is simply not doubled up.
        if (!await _flushing.WaitAsync(TimeSpan.Zero, CancellationToken.None))
        {
            return;
        }

        try
        {
            await intake.FlushAllAsync(_stopping.Token);
        }
        catch (Exception e)
        {
            // A timer callback has no caller to report to: log, and the next tick retries what was not written.
            LogFlushFailed(logger, e.Message);
        }
        finally
        {
            _flushing.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "writing coalesced occurrences failed, will retry at the next flush: {Error}")]
    private static partial void LogFlushFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "the final flush of coalesced occurrences at shutdown failed; their counts are lost: {Error}")]
    private static partial void LogFinalFlushFailed(ILogger logger, string error);
}
