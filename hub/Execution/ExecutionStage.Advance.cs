using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Kubernaut.Hub.Remediation;

namespace Kubernaut.Hub.Execution;

internal sealed partial class ExecutionStage
{
    /// <summary>Tokens of running jobs, kept only in memory to mask them should a playbook print one.</summary>
    private readonly ConcurrentDictionary<string, string> _liveTokens = new(StringComparer.Ordinal);

    /// <summary>One pass over the run's steps; persists after each effect; sets the outcome when the run is over.</summary>
    private async Task<TimeSpan> AdvanceAsync(RemediationRequest rr, ExecutionProgress p, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var (plan, errors) = await RunPlanner.PlanAsync(rr, p.Workflow, p.Parameters, catalog, ct);
        if (plan is null)
        {
            Fail(p, $"cannot run {p.Workflow}: " + string.Join("; ", errors));
            return TimeSpan.Zero;
        }

        if (p.ServiceAccountCreatedAt is null)
        {
            var ttl = Options.IdentityTtl ?? Options.AccessReadyTimeout + Options.AwxUnreachableTimeout + Options.JobTimeout + TimeSpan.FromMinutes(5);
            await access.CreateServiceAccountAsync(p.Cluster, p.ServiceAccount, rr.Name, Options.TokenValidity, ttl, ct);
            p.ServiceAccountCreatedAt = time.GetUtcNow();
            await journal.SaveAsync(rr.Name, p, ct);
        }

        if (p.PermissionCreatedAt is null)
        {
            await access.CreatePermissionAsync(p.Cluster, p.Permission, p.ServiceAccount, rr.Name, p.TargetNamespace, plan.Rbac, ct);
            p.PermissionCreatedAt = time.GetUtcNow();
            await journal.SaveAsync(rr.Name, p, ct);
        }

        SpokeCredential? credential = null;
        if (p.AccessReadyAt is null || p.AwxCredentialId is null)
        {
            var (ready, waiting) = await access.ReadyAsync(p.Cluster, p.ServiceAccount, p.Permission, ct);
            if (ready is null)
            {
                if (now - p.StartedAt > Options.AccessReadyTimeout)
                {
                    Fail(p, $"the ephemeral identity was not ready within {Options.AccessReadyTimeout}: {waiting}");
                }

                return TimeSpan.FromMilliseconds(250);
            }

            credential = ready;
            _liveTokens[rr.Name] = ready.Token;
            if (p.AccessReadyAt is null)
            {
                p.AccessReadyAt = time.GetUtcNow();
                await journal.SaveAsync(rr.Name, p, ct);
                await journal.NoteAsync(rr.Name, $"ManagedServiceAccount {p.Cluster}/{p.ServiceAccount} has its token and the RBAC is applied on {p.Cluster}", null, ct);
            }
        }

        try
        {
            var wait = await AwxStepAsync(rr, p, plan, credential, ct);
            if (p.AwxUnreachableSince is not null)
            {
                p.AwxUnreachableSince = null;
                await journal.SaveAsync(rr.Name, p, ct);
            }

            return wait;
        }
        catch (AwxUnreachableException e)
        {
            p.AwxUnreachableSince ??= now;
            if (now - p.AwxUnreachableSince > Options.AwxUnreachableTimeout)
            {
                Fail(p, $"AWX unreachable for more than {Options.AwxUnreachableTimeout}: {e.Message}");
            }

            await journal.SaveAsync(rr.Name, p, ct);
            return Options.PollInterval;
        }
        catch (AwxApiException e)
        {
            Fail(p, e.Message);
            return TimeSpan.Zero;
        }
    }

    private async Task<TimeSpan> AwxStepAsync(RemediationRequest rr, ExecutionProgress p, RunPlan plan, SpokeCredential? credential, CancellationToken ct)
    {
        if (p.AwxCredentialId is null)
        {
            var id = await awx.FindCredentialAsync(p.AwxCredentialName, ct);
            if (id is null)
            {
                var type = await awx.FindBearerTokenCredentialTypeAsync(ct);
                id = await awx.CreateBearerTokenCredentialAsync(p.AwxCredentialName, type, SpokeUrl(p.Cluster)!, credential!.Token, credential.CaPem, ct);
            }

            p.AwxCredentialId = id;
            await journal.SaveAsync(rr.Name, p, ct);
            await journal.NoteAsync(rr.Name, $"AWX credential {p.AwxCredentialName} (id {id}) created for {SpokeUrl(p.Cluster)}", null, ct);
        }

        if (p.AwxJobId is null)
        {
            var template = p.AwxJobTemplateId ??= await awx.FindJobTemplateAsync(p.JobTemplate, ct);
            var existing = p.LaunchRequestedAt is null ? null : await awx.FindJobByRestartTokenAsync(template, rr.Name, ct);
            if (existing is null)
            {
                p.LaunchRequestedAt = time.GetUtcNow();
                await journal.SaveAsync(rr.Name, p, ct);
                var (job, ignored) = await awx.LaunchAsync(template, ExtraVars(rr, plan), p.AwxCredentialId.Value, ct);
                existing = job;
                if (ignored.Count > 0)
                {
                    await awx.CancelJobAsync(job, ct);
                    p.AwxJobId = job;
                    Fail(p, $"AWX ignored {string.Join(", ", ignored)} at launch (enable their ask_*_on_launch on job template {p.JobTemplate}); job {job} cancelled");
                    return TimeSpan.Zero;
                }
            }

            p.AwxJobId = existing;
            p.LaunchedAt = time.GetUtcNow();
            await journal.SaveAsync(rr.Name, p, ct);
            await journal.NoteAsync(rr.Name, $"AWX job {existing} launched from job template {p.JobTemplate}", new JsonObject { ["job"] = existing }, ct);
            LogStep(logger, rr.Name, $"AWX job {existing} launched");
        }

        return await FollowAsync(rr, p, ct);
    }

    private async Task<TimeSpan> FollowAsync(RemediationRequest rr, ExecutionProgress p, CancellationToken ct)
    {
        var jobId = p.AwxJobId!.Value;
        var job = await awx.GetJobAsync(jobId, ct);
        var lines = (await awx.GetStdoutAsync(jobId, ct)).Split('\n');
        var complete = job.IsFinished ? lines.Length : lines.Length - 1; // the last line may still be growing
        if (complete > p.StdoutLines)
        {
            var token = _liveTokens.GetValueOrDefault(rr.Name);
            var fresh = lines[p.StdoutLines..complete].Where(l => l.Length > 0).Select(l => token is null ? l : l.Replace(token, "$encrypted$", StringComparison.Ordinal)).ToList();
            p.StdoutLines = complete;
            if (fresh.Count > 0)
            {
                await journal.StdoutAsync(rr.Name, jobId, fresh, ct);
            }
        }

        if (job.Status != p.AwxJobStatus)
        {
            p.AwxJobStatus = job.Status;
            await journal.NoteAsync(rr.Name, $"AWX job {jobId} {job.Status}", new JsonObject { ["job"] = jobId, ["status"] = job.Status }, ct);
        }

        if (job.IsFinished)
        {
            var token = _liveTokens.GetValueOrDefault(rr.Name);
            var tail = string.Join(" | ", lines.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("PLAY RECAP", StringComparison.Ordinal)).TakeLast(3)
                .Select(l => token is null ? l : l.Replace(token, "$encrypted$", StringComparison.Ordinal)));
            p.Outcome = new ExecutionOutcome(job.Status == "successful",
                job.Status == "successful"
                    ? $"{p.Workflow} succeeded (AWX job {jobId})"
                    : $"{p.Workflow} {job.Status} (AWX job {jobId}){(job.Explanation.Length > 0 ? ": " + job.Explanation : "")}; last output: {Shorten(tail)}",
                time.GetUtcNow());
            _liveTokens.TryRemove(rr.Name, out _);
        }
        else if (time.GetUtcNow() - (p.LaunchedAt ?? p.StartedAt) > Options.JobTimeout)
        {
            await awx.CancelJobAsync(jobId, ct);
            Fail(p, $"AWX job {jobId} did not finish within {Options.JobTimeout.ToString("c", CultureInfo.InvariantCulture)}; cancelled");
            _liveTokens.TryRemove(rr.Name, out _);
        }

        await journal.SaveAsync(rr.Name, p, ct);
        return p.Outcome is null ? Options.PollInterval : TimeSpan.Zero;
    }

    private static string Shorten(string text) => text.Length > 600 ? text[..600] + "…" : text;

    /// <summary>The typed parameters plus <c>restart_token</c> = the request's id; never a credential.</summary>
    private static JsonObject ExtraVars(RemediationRequest rr, RunPlan plan)
    {
        var vars = new JsonObject();
        foreach (var (key, value) in plan.Values)
        {
            vars[key] = value?.DeepClone();
        }

        vars["restart_token"] = rr.Name;
        return vars;
    }
}
