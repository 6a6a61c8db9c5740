using System.Diagnostics;
using k8s;
using Kubernaut.KindFleet.Tests.Support;

namespace Kubernaut.KindFleet.Tests.Ocm;

/// <summary>
/// Debian's ansible-playbook with kubernetes.core, against a spoke through the cluster-proxy URL with a
/// ManagedServiceAccount token: what the AWX executor runs for a remediation.
/// </summary>
public sealed class ClusterProxyAnsibleTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    private const string Cluster = "prod-us-east";
    private const string Namespace = "prod";

    [Fact]
    public async Task Playbook_MsaTokenThroughClusterProxy_ScalesAndPatchesThenFailsWith401AfterDeletion()
    {
        // Arrange
        var spoke = fleet.Client(Cluster);
        await ManagedServiceAccountSetup.CreateDeploymentAsync(spoke, Namespace, "checkout-web", replicas: 2);
        var (token, caPem) = await ManagedServiceAccountSetup.CreateAsync(fleet, Cluster, "remediator", Namespace);
        var work = Directory.CreateTempSubdirectory("ocm-ansible-");
        var caFile = Path.Combine(work.FullName, "ca.crt");
        await File.WriteAllTextAsync(caFile, caPem, TestContext.Current.CancellationToken);
        try
        {
            // Act
            var allowed = await Eventually.UntilAsync(() => RunPlaybookAsync(work.FullName, token, caFile),
                r => r.ExitCode == 0, "the playbook to succeed once the ClusterPermission is applied", TimeSpan.FromSeconds(90));
            var deployment = await spoke.AppsV1.ReadNamespacedDeploymentAsync("checkout-web", Namespace, cancellationToken: TestContext.Current.CancellationToken);
            await Kubectl.OkAsync(fleet.KubeconfigPath, "hub", "delete", "managedserviceaccount", "remediator", "-n", Cluster);
            await Eventually.UntilAsync(() => ManagedServiceAccountSetup.TryReadSecretAsync(fleet.Client("hub"), Cluster, "remediator"),
                s => s is null, "the ManagedServiceAccount's Secret to go");
            var denied = await RunPlaybookAsync(work.FullName, token, caFile);

            // Assert
            Assert.Contains("ok=4", allowed.Stdout);
            Assert.Equal(4, deployment.Spec.Replicas);
            Assert.Equal("ansible", deployment.Metadata.Annotations["kubernaut.io/remediated-by"]);
            Assert.NotEqual(0, denied.ExitCode);
            Assert.Contains("401", denied.Output);
            Assert.Contains("Unauthorized", denied.Output);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Runs with a clean environment: Debian's python3 has the kubernetes module, a pyenv one on PATH may not.</summary>
    private async Task<Kubectl.Result> RunPlaybookAsync(string home, string token, string caFile)
    {
        var psi = new ProcessStartInfo("/usr/bin/ansible-playbook") { WorkingDirectory = home };
        psi.Environment.Clear();
        psi.Environment["PATH"] = "/usr/bin:/bin";
        psi.Environment["HOME"] = home;
        psi.Environment["LANG"] = "C.UTF-8";
        psi.Environment["ANSIBLE_LOCALHOST_WARNING"] = "False";
        psi.Environment["ANSIBLE_INVENTORY_UNPARSED_WARNING"] = "False";
        psi.Environment["K8S_AUTH_HOST"] = new Uri(fleet.SecureAddress, $"cluster-proxy/{Cluster}").ToString();
        psi.Environment["K8S_AUTH_API_KEY"] = token;
        psi.Environment["K8S_AUTH_SSL_CA_CERT"] = caFile;
        foreach (var arg in new[]
        {
            "-i", "localhost,", "-c", "local", "-e", "ansible_python_interpreter=/usr/bin/python3",
            "-e", $"target_namespace={Namespace}", "-e", "target_deployment=checkout-web",
            Path.Combine(AppContext.BaseDirectory, "Ocm", "remediate-through-cluster-proxy.yml"),
        })
        {
            psi.ArgumentList.Add(arg);
        }

        return await ProcessRunner.RunAsync(psi, TimeSpan.FromMinutes(3));
    }
}
