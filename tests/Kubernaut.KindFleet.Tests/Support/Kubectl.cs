using System.Diagnostics;

namespace Kubernaut.KindFleet.Tests.Support;

/// <summary>Runs the machine's kubectl against a kubeconfig, as an operator would.</summary>
public static class Kubectl
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string Output => Stdout + Stderr;
    }

    public static async Task<Result> RunAsync(string kubeconfig, string context, params string[] args)
    {
        var psi = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        psi.ArgumentList.Add("--kubeconfig");
        psi.ArgumentList.Add(kubeconfig);

        // Fleets come and go on reused loopback ports: a cache per kubeconfig keeps one fleet's discovery and
        // OpenAPI answers from leaking into another's.
        psi.ArgumentList.Add("--cache-dir");
        psi.ArgumentList.Add(kubeconfig + ".cache");
        psi.ArgumentList.Add("--context");
        psi.ArgumentList.Add(context);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        return await ProcessRunner.RunAsync(psi);
    }

    /// <summary>Fails the test with kubectl's own output when it did not exit 0.</summary>
    public static async Task<string> OkAsync(string kubeconfig, string context, params string[] args)
    {
        var result = await RunAsync(kubeconfig, context, args);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', args)} exited {result.ExitCode}:\n{result.Output}");
        return result.Stdout;
    }
}

public static class ProcessRunner
{
    public static async Task<Kubectl.Result> RunAsync(ProcessStartInfo psi, TimeSpan? timeout = null)
    {
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {psi.FileName}");
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{psi.FileName} {string.Join(' ', psi.ArgumentList)} did not finish in time");
        }

        return new Kubectl.Result(process.ExitCode, await stdout, await stderr);
    }
}
