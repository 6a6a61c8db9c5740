using System.Diagnostics;
using Kubernaut.KindFleet.Tests.Support;

namespace Kubernaut.KindFleet.Tests.Cli;

/// <summary>`kind-fleet up` as a user runs it: a separate process, a kubeconfig on disk, kubectl against it, SIGTERM to stop.</summary>
public sealed class UpCommandTests
{
    [Fact]
    public async Task Up_PortZero_WritesKubeconfigWithAContextPerClusterAndStopsOnSigterm()
    {
        var ct = TestContext.Current.CancellationToken;
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"up-{Guid.NewGuid():N}.kubeconfig");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot(),
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "kind-fleet.dll"), "up", "--port", "0", "--kubeconfig", kubeconfig })
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi)!;
        try
        {
            var banner = await process.StandardOutput.ReadLineAsync(ct).AsTask().WaitAsync(TimeSpan.FromSeconds(60), ct);

            var contexts = await Kubectl.OkAsync(kubeconfig, "hub", "config", "get-contexts", "-o", "name");
            var nodes = await Kubectl.OkAsync(kubeconfig, "prod-eu-west", "get", "nodes", "-o", "name");
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync(ct);
            }

            await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);

            Assert.Equal(0, process.ExitCode);
            Assert.Matches(@"port \d+", banner);
            Assert.Equal(["hub", "prod-eu-west", "prod-us-east", "staging"], contexts.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
            Assert.Contains("node/prod-eu-west-worker-1", nodes);
            Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(kubeconfig) == (UnixFileMode.UserRead | UnixFileMode.UserWrite), "the kubeconfig holds a credential: owner-only");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            File.Delete(kubeconfig);
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
