namespace Kubernaut.Hub.Audit;

/// <summary>Wakes event streams in this process when an entry is appended (other replicas' entries arrive by polling).</summary>
internal sealed class AuditNotifier
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A task that completes at the next append after this call.</summary>
    public Task NextAppend => Volatile.Read(ref _next).Task;

    public void Appended() => Interlocked.Exchange(ref _next, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
