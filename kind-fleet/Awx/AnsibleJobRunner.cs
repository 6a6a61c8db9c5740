using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Kubernaut.KindFleet.Awx;

/// <summary>
/// Runs one job's playbook with Debian's ansible-playbook against localhost, the way AWX's runner does: extra vars
/// from a private file, the attached Kubernetes credential injected as <c>K8S_AUTH_*</c> environment variables, a
/// scrubbed environment, stdout captured into the job with secrets masked, and the job's timeout enforced.
/// </summary>
internal sealed partial class AnsibleJobRunner(IOptions<AwxOptions> options, TimeProvider time, ILogger<AnsibleJobRunner> logger)
{
    public async Task RunAsync(AwxJob job, CancellationToken shutdown)
    {
        if (!job.Advance(AwxJobStatus.Waiting, time.GetUtcNow()))
        {
            return;
        }

        if (job.CancelRequested.IsCancellationRequested)
        {
            job.Finish(AwxJobStatus.Canceled, time.GetUtcNow());
            return;
        }

        var workDir = Directory.CreateTempSubdirectory("awx-job-");
        Outcome outcome;
        try
        {
            var psi = await AnsibleInvocation.PrepareAsync(job, workDir.FullName, options.Value, shutdown);
            outcome = await RunProcessAsync(job, psi, shutdown);
        }
        finally
        {
            // The extra vars and the CA file live only as long as the job: gone before anyone sees it finished.
            workDir.Delete(recursive: true);
        }

        job.Finish(outcome.Status, time.GetUtcNow(), outcome.Explanation, outcome.Traceback);
        LogJobFinished(logger, job.Id, job.Status, outcome.ExitCode);
    }

    private async Task<Outcome> RunProcessAsync(AwxJob job, ProcessStartInfo psi, CancellationToken shutdown)
    {
        var secrets = job.Credentials.SelectMany(c => c.SecretValues).ToList();
        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            return new Outcome(AwxJobStatus.Error, -1, $"Could not start {psi.FileName}.", e.Message);
        }

        if (!job.Advance(AwxJobStatus.Running, time.GetUtcNow()))
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            return new Outcome(AwxJobStatus.Canceled, -1);
        }

        LogJobStarted(logger, job.Id, job.Template.Name, process.Id);
        var stdout = PumpAsync(process.StandardOutput, job, secrets);
        var stderr = PumpAsync(process.StandardError, job, secrets);

        // The playbook runs in wall-clock time whatever clock the fleet simulates, so the timeout is wall-clock too.
        using var timeout = new CancellationTokenSource(options.Value.JobTimeout, TimeProvider.System);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(job.CancelRequested, shutdown, timeout.Token);
        var stopped = false;
        try
        {
            await process.WaitForExitAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            stopped = true;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        await Task.WhenAll(stdout, stderr);
        if (job.CancelRequested.IsCancellationRequested)
        {
            return new Outcome(AwxJobStatus.Canceled, -1);
        }

        if (stopped && timeout.IsCancellationRequested)
        {
            job.AppendStdout("Job terminated due to timeout");
            return new Outcome(AwxJobStatus.Failed, -1, "Job terminated due to timeout");
        }

        return stopped
            ? new Outcome(AwxJobStatus.Error, -1, "Task was marked as running but the host shut down.")
            : new Outcome(process.ExitCode == 0 ? AwxJobStatus.Successful : AwxJobStatus.Failed, process.ExitCode);
    }

    private static async Task PumpAsync(StreamReader reader, AwxJob job, IReadOnlyList<string> secrets)
    {
        while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
        {
            job.AppendStdout(Mask(line, secrets));
        }
    }

    /// <summary>AWX never shows a credential's secret in job output.</summary>
    internal static string Mask(string line, IReadOnlyList<string> secrets)
    {
        foreach (var secret in secrets)
        {
            line = line.Replace(secret, AwxCredential.Encrypted, StringComparison.Ordinal);
        }

        return line;
    }

    private sealed record Outcome(string Status, int ExitCode, string Explanation = "", string Traceback = "");

    [LoggerMessage(Level = LogLevel.Information, Message = "AWX job {JobId} ({Template}) started ansible-playbook pid {Pid}")]
    private static partial void LogJobStarted(ILogger logger, int jobId, string template, int pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "AWX job {JobId} finished {Status} (exit code {ExitCode})")]
    private static partial void LogJobFinished(ILogger logger, int jobId, string status, int exitCode);
}
