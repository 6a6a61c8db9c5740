namespace Kubernaut.Hub.Remediation.Lifecycle;

/// <summary>Lets intake and the decision API wake the controller at once instead of at its next poll.</summary>
internal sealed class LifecycleTrigger
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Kick()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already kicked; one wake-up covers every request.
        }
    }

    /// <summary>Returns after a kick or after <paramref name="timeout"/> on <paramref name="time"/>, whichever is first.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var delay = Task.Delay(timeout, time, cts.Token);
        var kicked = _signal.WaitAsync(cts.Token);
        await Task.WhenAny(delay, kicked);
        await cts.CancelAsync();
        await Task.WhenAll(delay, kicked).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        ct.ThrowIfCancellationRequested();
    }
}
