using System.Diagnostics;
using Kubernaut.Hub.Tests.Support;

namespace Kubernaut.Hub.Tests.Remediation;

/// <summary>The hub installs its CRD, so an operator's kubectl sees RemediationRequests on the hub cluster.</summary>
public sealed class KubectlTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    [Fact]
    public async Task KubectlGetRr_AfterAnAlert_ListsTheRequestWithItsColumns()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = HubFixture.NewNamespace();
        var pod = await FleetObjects.EnsureDeploymentWithPodAsync(fixture.Fleet.Client("prod-us-east"), ns, "kubectl-demo", ct);
        var id = await fixture.Hub.AlertAsync("prod-us-east", ns, pod);

        var psi = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["--kubeconfig", fixture.Fleet.KubeconfigPath, "--context", "hub", "get", "rr", "-A"])
        {
            psi.ArgumentList.Add(a);
        }

        using var kubectl = Process.Start(psi)!;
        var output = await kubectl.StandardOutput.ReadToEndAsync(ct);
        var errors = await kubectl.StandardError.ReadToEndAsync(ct);
        await kubectl.WaitForExitAsync(ct);

        Assert.True(kubectl.ExitCode == 0, errors);
        var header = output.Split('\n')[0];
        Assert.Contains("CLUSTER", header);
        Assert.Contains("PHASE", header);
        Assert.Contains("OCCURRENCES", header);
        var line = output.Split('\n').Single(l => l.Contains(id, StringComparison.Ordinal));
        Assert.Contains("prod-us-east", line);
        Assert.Contains("kubectl-demo", line);
        Assert.StartsWith("kubernaut-system", line);
    }
}
