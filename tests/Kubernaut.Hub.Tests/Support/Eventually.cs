namespace Kubernaut.Hub.Tests.Support;

/// <summary>Polls a condition with a generous deadline, for a loaded 2-core machine.</summary>
public static class Eventually
{
    public static Task TrueAsync(Func<Task<bool>> condition, string because, TimeSpan? timeout = null) =>
        TrueAsync(condition, () => because, timeout);

    public static async Task TrueAsync(Func<Task<bool>> condition, Func<string> because, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException or IOException)
            {
                last = e;
            }

            await Task.Delay(100);
        }

        Assert.Fail(because() + (last is null ? "" : $" (last error: {last.Message})"));
    }

    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> holds and returns that value; fails showing the last one.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        T last = default!;
        await TrueAsync(async () => done(last = await probe()), () => $"timed out waiting for {what}; last: {last}", timeout);
        return last;
    }
}
