using System.Diagnostics;

namespace Kubernaut.Bench.HubIngest;

/// <summary>Bounded closed-loop load: N clients post the same body back to back until the duration ends.</summary>
internal static class LoadGenerator
{
    public sealed record Result(long Requests, long Failures, TimeSpan Elapsed)
    {
        public double PerSecond => Requests / Elapsed.TotalSeconds;
    }

    public static async Task<Result> RunAsync(HttpClient http, string path, Func<HttpContent> body, TimeSpan duration, int concurrency, CancellationToken ct)
    {
        long requests = 0, failures = 0;
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stop.CancelAfter(duration);
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await http.PostAsync(path, body(), stop.Token);
                    Interlocked.Increment(ref requests);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }
            }
        });
        await Task.WhenAll(workers);
        return new Result(requests, failures, clock.Elapsed);
    }
}
