using System.Diagnostics;
using Kubernaut.Bench.Measurement;
using Kubernaut.KindFleet.Controllers;
using Kubernaut.KindFleet.Fleet;
using Microsoft.Extensions.DependencyInjection;

namespace Kubernaut.Bench.FleetScale;

/// <summary>
/// Starts one fleet host (real Kestrel, loopback, port 0) with N generated clusters, seeds a few workloads into each
/// store, then measures memory, list latency and watch-event latency over HTTPS with the admin token. Every loop is bounded.
/// </summary>
internal static class FleetScaleRun
{
    public static async Task<ResultTable> RunAsync(FleetScaleOptions o, TextWriter progress, CancellationToken ct)
    {
        var names = Enumerable.Range(1, o.Clusters).Select(i => $"cluster-{i:D4}").ToList();
        var (managedBefore, workingSetBefore) = Memory();

        await using var app = FleetHost.Build(new FleetHostOptions { Port = 0, ClusterNames = names }, builder =>
        {
            if (!o.WithControllers)
            {
                foreach (var hosted in builder.Services.Where(d => d.ImplementationType == typeof(ClusterControllerHost)).ToList())
                {
                    builder.Services.Remove(hosted);
                }
            }
        });
        var startup = Stopwatch.StartNew();
        var fleet = app.Services.GetRequiredService<SimulatedFleet>();
        var bootstrap = startup.Elapsed;
        foreach (var cluster in fleet.Clusters)
        {
            FleetWorkloads.Seed(cluster, o.Workloads);
        }

        var seeded = startup.Elapsed;
        await app.StartAsync(ct);
        progress.WriteLine($"fleet-scale: {o.Clusters} clusters created in {bootstrap.TotalSeconds:0.0} s, seeded in {(seeded - bootstrap).TotalSeconds:0.0} s");
        var (managedAfter, workingSetAfter) = Memory();

        using var http = FleetHttp.Create(FleetHost.SecureAddress(app), app.Services.GetRequiredService<FleetCertificate>().AuthorityPem, fleet.AdminToken);
        var random = new Random(o.Seed);
        var table = new ResultTable($"fleet-scale: {o.Clusters} simulated clusters in one process ({(o.WithControllers ? "with" : "without")} controllers)");
        var objects = fleet.Clusters.Sum(c => c.Store.Revision - 1);
        table.Add("clusters / stored objects", $"{o.Clusters} / {objects} ({objects / o.Clusters} per cluster)");
        table.Add("fleet bootstrap + seeding", $"{bootstrap.TotalSeconds:0.00} s + {(seeded - bootstrap).TotalSeconds:0.00} s");
        table.Add("working set before / after start", $"{ResultTable.Megabytes(workingSetBefore)} / {ResultTable.Megabytes(workingSetAfter)}");
        table.Add("managed heap before / after start", $"{ResultTable.Megabytes(managedBefore)} / {ResultTable.Megabytes(managedAfter)}");
        table.Add("per cluster: working set / managed heap",
            $"{ResultTable.Kilobytes((double)(workingSetAfter - workingSetBefore) / o.Clusters)} / {ResultTable.Kilobytes((double)(managedAfter - managedBefore) / o.Clusters)}");

        foreach (var (label, path) in new[] { ("pods", "api/v1/pods"), ("nodes", "api/v1/nodes"), ("configmaps", "api/v1/configmaps") })
        {
            progress.WriteLine($"fleet-scale: timing {o.ListRequests} list requests for {label}");
            var latencies = await ListLatencyAsync(http, names, path, o.ListRequests, random, ct);
            table.Add($"list {label} (GET /{path}, random cluster)", latencies.Summary);
        }

        progress.WriteLine($"fleet-scale: opening {o.Watches} watches and timing {o.Writes} writes");
        var watch = await WatchLatency.MeasureAsync(http, fleet, names, o.Watches, o.Writes, random, ct);
        table.Add($"watch event after write ({o.Watches} open watches)", watch.Latencies.Summary);
        table.Add("watch events missed (10 s timeout each)", watch.Missed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        table.Add("write (POST configmap) round trip", watch.Writes.Summary);
        await app.StopAsync(ct);
        return table;
    }

    private static async Task<Percentiles> ListLatencyAsync(HttpClient http, IReadOnlyList<string> clusters, string path, int requests, Random random, CancellationToken ct)
    {
        // A short warm-up keeps connection setup and JIT out of the figures.
        for (var i = 0; i < Math.Min(20, requests); i++)
        {
            await http.GetStringAsync($"clusters/{clusters[random.Next(clusters.Count)]}/{path}", ct);
        }

        var samples = new List<TimeSpan>(requests);
        for (var i = 0; i < requests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync($"clusters/{clusters[random.Next(clusters.Count)]}/{path}", ct);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync(ct);
            samples.Add(Stopwatch.GetElapsedTime(started));
        }

        return new Percentiles(samples);
    }

    private static (long Managed, long WorkingSet) Memory()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return (GC.GetTotalMemory(forceFullCollection: true), self.WorkingSet64);
    }
}
