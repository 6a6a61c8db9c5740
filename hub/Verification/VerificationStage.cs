using System.Globalization;
using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Remediation.Lifecycle;
using Kubernaut.Hub.Workflows;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Verification;

/// <summary>
/// Verifying: watches the workloads for the workflow's window (<c>verification.window</c>), then scores the remediation
/// the way upstream does — health 0.40 (every replica ready, no restart or OOM kill in the window), alert 0.35 (the
/// signal resolved), metrics 0.25 (each metric check moved the right way, before vs after) — and a spec changed by
/// someone else in the window forces 0. The score is persisted with the workflow's name (it feeds later confidence);
/// a recipe may replace the verdict.
/// </summary>
internal sealed class VerificationStage(RemediationStore store, WorkflowCatalog catalog, WorkloadHealth health, IMetricSource metrics,
    IEnumerable<IVerdictOverride> overrides, IOptions<VerificationOptions> options, TimeProvider time) : IVerificationStage
{
    public const double HealthWeight = 0.40;
    public const double AlertWeight = 0.35;
    public const double MetricsWeight = 0.25;

    public async Task<StageResult<VerificationResult>> VerifyAsync(StageContext context, CancellationToken ct)
    {
        var rr = context.Request;
        var execution = rr.Status?.ExecutionProgress;
        var workflowName = execution?.Workflow ?? rr.Status?.Decision?.Workflow ?? rr.Status?.Proposal?.Workflow ?? "";
        var workflow = await catalog.FindAsync(workflowName, ct);
        var workloads = Workloads(rr, execution?.Parameters);
        var progress = rr.Status?.VerificationProgress;
        var now = time.GetUtcNow();
        if (progress is null)
        {
            var start = await health.SampleAsync(rr.Spec.ClusterId, workloads, now, ct);
            var window = GoDuration.Parse(workflow?.Spec.Verification?.Window) ?? options.Value.DefaultWindow;
            progress = new VerificationProgress
            {
                Workflow = workflowName,
                StartedAt = now,
                WindowEndsAt = now + (window / Math.Max(options.Value.TimeScale, 0.0001)),
                SpecHashes = start.SpecHashes,
                Restarts = start.Restarts,
            };
            foreach (var query in MetricQueries(workflow, rr))
            {
                progress.MetricsBefore[query.Query] = await metrics.QueryAsync(query.Query, null, ct);
            }

            await SaveAsync(rr.Name, progress, ct);
            return StageResult<VerificationResult>.InProgress(Next(progress, now));
        }

        var sample = await health.SampleAsync(rr.Spec.ClusterId, workloads, progress.StartedAt, ct);
        var restarted = sample.Restarts.Where(p => p.Value > progress.Restarts.GetValueOrDefault(p.Key)).Select(p => $"{p.Key} restarted during the window");
        var problems = sample.Problems.Concat(restarted).Where(p => !p.Contains("replicas ready", StringComparison.Ordinal) || now >= progress.WindowEndsAt).ToList();
        progress.Samples++;
        progress.Problems = [.. progress.Problems.Union(problems.Where(p => !p.Contains("replicas ready", StringComparison.Ordinal)))];
        if (now < progress.WindowEndsAt)
        {
            await SaveAsync(rr.Name, progress, ct);
            return StageResult<VerificationResult>.InProgress(Next(progress, now));
        }

        var result = await ScoreAsync(rr, workflow, progress, sample, problems, ct);
        foreach (var o in overrides)
        {
            if (await o.ReviewAsync(rr, result, ct) is { } replaced)
            {
                result = replaced with { Workflow = replaced.Workflow ?? workflowName };
                break;
            }
        }

        return StageResult<VerificationResult>.Completed(result);
    }

    private async Task<VerificationResult> ScoreAsync(RemediationRequest rr, RemediationWorkflow? workflow, VerificationProgress progress, HealthSample end,
        List<string> problems, CancellationToken ct)
    {
        var checks = new List<string>();
        var allProblems = progress.Problems.Union(problems).ToList();
        var healthScore = allProblems.Count == 0 ? 1.0 : 0.0;
        checks.Add(healthScore == 1 ? $"health: {string.Join("; ", end.Facts)}; no restart or OOM kill in the window" : "health: " + string.Join("; ", allProblems));

        double alertScore;
        if (rr.Spec.SignalType == "alert")
        {
            alertScore = rr.Status?.SignalState?.State == "resolved" ? 1 : 0;
            checks.Add(alertScore == 1 ? $"alert {rr.Spec.SignalName} resolved" : $"alert {rr.Spec.SignalName} still firing");
        }
        else
        {
            alertScore = healthScore;
            checks.Add("no alert to clear (the signal was reported in words): health stands in");
        }

        var metricScores = new List<double>();
        foreach (var (check, query) in MetricQueries(workflow, rr))
        {
            var then = progress.MetricsBefore.GetValueOrDefault(query);
            var now = await metrics.QueryAsync(query, null, ct);
            if (then is null || now is null)
            {
                metricScores.Add(0.5);
                checks.Add($"metric {check.Description ?? query}: no data ({(metrics.IsAvailable ? "no series" : "no metrics source")}), scored neutral");
                continue;
            }

            var improved = check.Direction == "increase" ? now >= then : now <= then;
            metricScores.Add(improved ? 1 : 0);
            checks.Add($"metric {check.Description ?? query}: {Num(then.Value)} before, {Num(now.Value)} after ({(improved ? "as intended" : "the wrong way")})");
        }

        var metricScore = metricScores.Count == 0 ? (healthScore + alertScore) / 2 : metricScores.Average();
        if (metricScores.Count == 0)
        {
            checks.Add("no metric checks declared: metrics follow health and alert");
        }

        var drifted = progress.SpecHashes.Where(h => end.SpecHashes.TryGetValue(h.Key, out var now) && now != h.Value).Select(h => h.Key).ToList();
        var score = Math.Round((HealthWeight * healthScore) + (AlertWeight * alertScore) + (MetricsWeight * metricScore), 3);
        if (drifted.Count > 0)
        {
            score = 0;
            checks.Add("spec drift: " + string.Join(", ", drifted) + " changed during the window by someone else; the result says nothing about the workflow");
        }

        var passed = score >= options.Value.PassThreshold;
        var message = $"effectiveness {Num(score)} (health {Num(healthScore)}, alert {Num(alertScore)}, metrics {Num(metricScore)}){(drifted.Count > 0 ? ", spec drift" : "")}; "
            + (passed ? "the remediation held" : allProblems.Count > 0 ? "not effective: " + string.Join("; ", allProblems) : "not effective");
        return new VerificationResult(passed, message, progress.Workflow, score,
            new Dictionary<string, double> { ["health"] = healthScore, ["alert"] = alertScore, ["metrics"] = Math.Round(metricScore, 3) }, checks);
    }

    private static IEnumerable<(VerificationCheck Check, string Query)> MetricQueries(RemediationWorkflow? workflow, RemediationRequest rr)
    {
        var values = (rr.Status?.ExecutionProgress?.Parameters ?? []).ToDictionary(p => p.Key, p => (System.Text.Json.Nodes.JsonNode?)p.Value);
        return (workflow?.Spec.Verification?.Checks ?? []).Where(c => c.Type == "metric" && c.Query is { Length: > 0 })
            .Select(c => (c, RbacTemplate.Substitute(c.Query!, values)));
    }

    /// <summary>The request's target, and the workload the workflow acted on when that is another one (payment-db for payment-gateway).</summary>
    private static List<WorkloadRef> Workloads(RemediationRequest rr, IReadOnlyDictionary<string, string>? parameters)
    {
        var t = rr.Spec.TargetResource;
        var list = new List<WorkloadRef> { new(t.Kind, t.Namespace, t.Name) };
        var ns = parameters?.GetValueOrDefault("namespace") ?? t.Namespace;
        foreach (var (key, kind) in new[] { ("deployment", "Deployment"), ("statefulset", "StatefulSet") })
        {
            if (parameters?.GetValueOrDefault(key) is { Length: > 0 } name && !list.Contains(new WorkloadRef(kind, ns, name)))
            {
                list.Add(new WorkloadRef(kind, ns, name));
            }
        }

        return list;
    }

    private TimeSpan Next(VerificationProgress progress, DateTimeOffset now)
    {
        var left = progress.WindowEndsAt - now;
        var sample = options.Value.SampleInterval / Math.Max(options.Value.TimeScale, 0.0001);
        return left < sample ? (left > TimeSpan.Zero ? left : TimeSpan.Zero) : sample;
    }

    private Task SaveAsync(string name, VerificationProgress progress, CancellationToken ct) =>
        store.UpdateStatusAsync(name, r =>
        {
            (r.Status ??= new RemediationStatus()).VerificationProgress = progress;
            return true;
        }, ct);

    private static string Num(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
