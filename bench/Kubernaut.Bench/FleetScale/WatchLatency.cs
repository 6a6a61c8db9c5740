using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kubernaut.Bench.Measurement;
using Kubernaut.KindFleet.Fleet;

namespace Kubernaut.Bench.FleetScale;

/// <summary>
/// Opens watches on configmaps of randomly chosen clusters, then creates configmaps one at a time on watched clusters
/// and times from just before the POST until the ADDED event for that object arrives on the open watch.
/// </summary>
internal static class WatchLatency
{
    public sealed record Result(Percentiles Latencies, Percentiles Writes, int Missed);

    public static async Task<Result> MeasureAsync(HttpClient http, SimulatedFleet fleet, IReadOnlyList<string> clusters, int watchCount, int writes, Random random, CancellationToken ct)
    {
        var watched = clusters.OrderBy(_ => random.Next()).Take(Math.Min(watchCount, clusters.Count)).ToList();
        var pending = new ConcurrentDictionary<string, TaskCompletionSource<long>>(StringComparer.Ordinal);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var readers = new List<Task>();
        foreach (var cluster in watched)
        {
            var revision = fleet.Find(cluster)!.Store.Revision;
            var request = new HttpRequestMessage(HttpMethod.Get,
                $"clusters/{cluster}/api/v1/namespaces/{FleetWorkloads.Namespace}/configmaps?watch=true&resourceVersion={revision}&timeoutSeconds=600");
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            response.EnsureSuccessStatusCode();
            readers.Add(ReadAsync(response, pending, stop.Token));
        }

        var latencies = new List<TimeSpan>(writes);
        var writeTimes = new List<TimeSpan>(writes);
        var missed = 0;
        for (var i = 0; i < writes; i++)
        {
            var cluster = watched[random.Next(watched.Count)];
            var name = $"timed-{i}";
            var arrival = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            pending[name] = arrival;
            var started = Stopwatch.GetTimestamp();
            using (var created = await http.PostAsJsonAsync($"clusters/{cluster}/api/v1/namespaces/{FleetWorkloads.Namespace}/configmaps",
                new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = name }, ["data"] = new JsonObject { ["i"] = $"{i}" } }, ct))
            {
                created.EnsureSuccessStatusCode();
                writeTimes.Add(Stopwatch.GetElapsedTime(started));
            }

            try
            {
                var arrivedAt = await arrival.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
                latencies.Add(Stopwatch.GetElapsedTime(started, arrivedAt));
            }
            catch (TimeoutException)
            {
                missed++;
            }

            pending.TryRemove(name, out _);
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));
        return new Result(new Percentiles(latencies), new Percentiles(writeTimes), missed);
    }

    private static async Task ReadAsync(HttpResponseMessage response, ConcurrentDictionary<string, TaskCompletionSource<long>> pending, CancellationToken ct)
    {
        using (response)
        {
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            using var reader = new StreamReader(body);
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                var arrivedAt = Stopwatch.GetTimestamp();
                var name = JsonNode.Parse(line)?["object"]?["metadata"]?["name"]?.GetValue<string>();
                if (name is not null && pending.TryGetValue(name, out var waiter))
                {
                    waiter.TrySetResult(arrivedAt);
                }
            }
        }
    }
}
