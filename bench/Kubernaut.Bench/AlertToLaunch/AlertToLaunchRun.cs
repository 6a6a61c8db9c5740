using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using k8s;
using k8s.Models;
using Kubernaut.Bench.Live;
using Kubernaut.Bench.Measurement;
using Kubernaut.KindFleet.Awx;
using Kubernaut.KindFleet.Demo;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Kubernaut.Bench.AlertToLaunch;

/// <summary>
/// prod-us-east at trust level L4 with seed story 1 (OOM after a config change) active. Each run posts a fresh
/// Alertmanager webhook on checkout-service and times until the AWX stand-in has answered the job-template launch: the
/// real path — intake, the deterministic investigation over spoke MCP and Thanos, selection (rollback-config, low
/// risk, runs without approval at L4), the remediation token, ManagedServiceAccount + ClusterPermission until the token
/// Secret exists, the throw-away AWX credential, the launch. The job is then cancelled in AWX (the benchmark measures
/// the launch, and the fleet stays broken for the next run) and the request is awaited to its end and its cleanup.
/// </summary>
internal static class AlertToLaunchRun
{
    public static async Task<ResultTable> RunAsync(int runs, double speed, TextWriter progress, CancellationToken ct)
    {
        var recorder = new LaunchRecorder();
        var awxToken = "awx-bench." + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
        await using var live = await LiveFleet.StartAsync(speed, b =>
        {
            b.Services.AddSingleton<IStartupFilter>(recorder);
            b.Services.Configure<AwxOptions>(o => o.ApiToken = awxToken);
        }, [], ct, fleet =>
        [
            "--Stages:Proposal", "Real", "--Stages:Approval", "Real", "--Stages:Execution", "Real", "--Stages:Verification", "Real",
            "--Workflows:ApplyDirectory", Path.Combine(DemoSettings.Repository(), "awx-playbooks"),
            "--Execution:AwxUrl", fleet.FleetAddress.ToString(), "--Execution:AwxAuthentication", "StaticToken", "--Execution:AwxToken", awxToken,
            "--Execution:ClusterProxyUrl", new Uri(fleet.SecureAddress, "cluster-proxy").ToString(),
            // The fleet clock runs fast: the token must outlive the run in simulated time; no TTL backstop.
            "--Execution:TokenValidity", "02:00:00", "--Execution:IdentityTtl", "00:00:00",
            "--Verification:PrometheusUrl", new Uri(fleet.FleetAddress, "thanos").ToString(),
            // Each run ends with a cancelled job (a failure): no cooldown or failure backoff between the measured runs.
            "--Guardrails:Cooldown", "00:00:00", "--Guardrails:BackoffBase", "00:00:00.001", "--Guardrails:BackoffMax", "00:00:00.001",
            "--Guardrails:MaxConsecutiveFailures", "1000",
        ]);
        using var awx = new HttpClient { BaseAddress = live.FleetAddress, Timeout = TimeSpan.FromSeconds(30) };
        awx.DefaultRequestHeaders.Authorization = new("Bearer", awxToken);
        await SetTrustAsync(live, "prod-us-east", "L4", ct);
        await live.StartScenarioAsync("oom-after-config-change", "prod-us-east", ct);
        progress.WriteLine("alert-to-launch: prod-us-east at L4, oom-after-config-change active; letting 35 simulated minutes pass");
        await live.PassAsync(TimeSpan.FromMinutes(35), ct);

        var samples = new List<TimeSpan>();
        var workflows = new Dictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<string>();
        for (var i = -1; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var id = await live.AlertAsync("prod-us-east", "prod", "checkout-service", ct);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(TimeSpan.FromMinutes(2));
            long launched;
            try
            {
                // A launch answered before this alert was posted belongs to an earlier run: never this run's figure.
                do
                {
                    launched = await recorder.Launches.ReadAsync(wait.Token);
                }
                while (launched < start);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                var rr = await live.RemediationAsync(id, ct);
                throw new TimeoutException($"{id} launched no AWX job within 2 minutes: {rr.GetProperty("phase")} ({rr.GetProperty("phaseReason")})");
            }

            var latency = Stopwatch.GetElapsedTime(start, launched);
            var job = await LastJobAsync(awx, ct);
            using (await awx.PostAsync($"api/v2/jobs/{job.GetProperty("id").GetInt32()}/cancel/", null, ct))
            {
            }

            var ended = await EndedAsync(live, id, ct);
            var workflow = ended.TryGetProperty("proposal", out var p) && p.ValueKind == JsonValueKind.Object ? p.GetProperty("workflow").GetString() ?? "?" : "?";
            if (i < 0)
            {
                progress.WriteLine($"alert-to-launch: warm-up {id}: launched {workflow} after {Percentiles.Ms(latency)}; ended {ended.GetProperty("phase")}");
                continue;
            }

            samples.Add(latency);
            workflows[workflow] = workflows.GetValueOrDefault(workflow) + 1;
            if (ended.GetProperty("phase").GetString() != "Failed")
            {
                failures.Add($"{id} ended {ended.GetProperty("phase")}");
            }

            if ((i + 1) % 10 == 0)
            {
                progress.WriteLine($"alert-to-launch: {i + 1}/{runs} runs, last {Percentiles.Ms(latency)}");
            }
        }

        var times = new Percentiles(samples);
        var table = new ResultTable($"alert-to-launch: Alertmanager webhook → AWX job launched, prod-us-east at L4 (clock ×{speed})");
        table.Add("alert → AWX launch answered 201", times.Summary);
        table.Add("mean / max", $"{Percentiles.Ms(TimeSpan.FromTicks((long)samples.Average(s => s.Ticks)))} / {Percentiles.Ms(samples.Max())}");
        table.Add("workflows launched", string.Join(", ", workflows.Select(w => $"{w.Key} ×{w.Value}")));
        table.Add("runs not ending Failed (cancelled) as expected", failures.Count == 0 ? "none" : string.Join("; ", failures));
        table.Add("target (issue 6)", "p95 < 2 s");
        return table;
    }

    private static async Task SetTrustAsync(LiveFleet live, string cluster, string level, CancellationToken ct)
    {
        using var hub = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(live.KubeconfigPath, "hub"));
        var patch = JsonSerializer.Serialize(new { metadata = new { labels = new Dictionary<string, string> { ["kubernaut.ai/trust-level"] = level } } });
        await hub.CustomObjects.PatchClusterCustomObjectAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch),
            "cluster.open-cluster-management.io", "v1", "managedclusters", cluster, cancellationToken: ct);
    }

    private static async Task<JsonElement> LastJobAsync(HttpClient awx, CancellationToken ct)
    {
        var jobs = await awx.GetFromJsonAsync<JsonElement>("api/v2/jobs/?page_size=200&order_by=-id", ct);
        return jobs.GetProperty("results").EnumerateArray().MaxBy(j => j.GetProperty("id").GetInt32());
    }

    /// <summary>Waits until the request has ended and its ephemeral access is gone (the next run starts from a clean spoke).</summary>
    private static async Task<JsonElement> EndedAsync(LiveFleet live, string id, CancellationToken ct)
    {
        JsonElement rr = default;
        await LiveFleet.UntilAsync(async () =>
            (rr = await live.RemediationAsync(id, ct)).GetProperty("phase").GetString() is "Completed" or "Failed" or "Cancelled",
            TimeSpan.FromMinutes(3), $"{id} never ended", ct);
        return rr;
    }
}
