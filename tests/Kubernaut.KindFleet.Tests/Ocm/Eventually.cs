namespace Kubernaut.KindFleet.Tests.Ocm;

/// <summary>Polls until a condition holds, with a generous deadline for a loaded machine.</summary>
internal static class Eventually
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        var last = await probe();
        while (!done(last))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for {what}; last value: {last}");
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
            last = await probe();
        }

        return last;
    }
}
