using System.Diagnostics;

namespace Kubernaut.Bench.HubIngest;

/// <summary>Bounded closed-loop load: N clients post the same body back to back until the duration ends.</summary>
internal static class LoadGenerator
{
    public sealed record Result(long Requests, long Failures, TimeSpan Elapsed)
    {
        public double PerSecond => Requests / Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Clients stop sending at the deadline but let their request in flight finish (and count it), so the server's
    /// tally and the generator's agree exactly; the elapsed time runs until the last answer.
    /// </summary>
    public static async Task<Result> RunAsync(HttpClient http, string path, Func<HttpContent> body, TimeSpan duration, int concurrency, CancellationToken ct)
    {
        long requests = 0, failures = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                using var response = await http.PostAsync(path, body(), ct);
                Interlocked.Increment(ref requests);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        });
        await Task.WhenAll(workers);
        return new Result(requests, failures, clock.Elapsed);
    }
}
