using System.Diagnostics;
using System.Text;
using Kubernaut.KindFleet.Tests.Support;

namespace Kubernaut.KindFleet.Tests.Cli;

/// <summary>
/// `kind-fleet demo --exit-when-done` as the README runs it: a separate process that composes fleet, hub, Keycloak
/// realm, spoke MCP addons and AWX stand-in, plays both seed stories (real investigation, the operator's choices,
/// ansible-playbook through AWX, verification) and exits 0 only when both verify.
/// </summary>
[Collection(nameof(TimingSensitiveCollection))]
public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_ExitWhenDone_BothSeedStoriesCompletedWithVerificationPassedAndExitZero()
    {
        var ct = TestContext.Current.CancellationToken;
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot(),
        };
        // A faster fleet clock than the interactive default keeps the whole run near a minute and a half.
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "kind-fleet.dll"), "demo", "--port", "0", "--exit-when-done", "--speed", "40" })
        {
            psi.ArgumentList.Add(arg);
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromMinutes(4), ct);
        }
        catch (TimeoutException)
        {
            Assert.Fail("the demo did not finish within 4 minutes:\n" + Demo(output));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.WaitForExit();
        var text = Demo(output);
        TestContext.Current.TestOutputHelper?.WriteLine(text);
        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}\n{text}");
        Assert.Matches(@"demo: PASSED oom-after-config-change on prod-us-east: rr-\S+ Completed: verification passed", text);
        Assert.Matches(@"demo: PASSED db-replicas-lost-after-drain on prod-eu-west: rr-\S+ Completed: verification passed", text);
        Assert.Contains("demo: operator: go with rollback-config", text);
        Assert.Contains("demo: operator: go with scale-statefulset", text);
        // The investigation was the real engine reading the spoke (no scripted stand-in).
        Assert.DoesNotContain("scripted stand-in", text);
        Assert.Contains("transcript kubernaut-investigator:", text);
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    /// <summary>The demo's own lines and the transcript (the hub's warnings are left out to keep a failure readable).</summary>
    private static string Demo(StringBuilder output)
    {
        lock (output)
        {
            return string.Join('\n', output.ToString().Split('\n').Where(l => l.StartsWith("demo:", StringComparison.Ordinal) || l.StartsWith("[rr-", StringComparison.Ordinal)
                || l.StartsWith("kubernaut demo", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal)));
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Kubernaut.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
