using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Tests.Awx;
using Kubernaut.KindFleet.Tests.Support;

namespace Kubernaut.KindFleet.Tests.Scenarios;

/// <summary>
/// Seed story 2's right fixes as an operator applies them: the repository's scale-statefulset playbook run by Debian's
/// ansible-playbook with kubernetes.core against the spoke's kubeconfig context, and uncordoning the drained node.
/// Both tests break the cluster afresh; each finds the node it must care about from the current incident.
/// </summary>
[Collection(nameof(TimingSensitiveCollection))]
public sealed class AnsibleFixTests(ProdEuWestFleet fleet) : IClassFixture<ProdEuWestFleet>
{
    private const string Scenario = "db-replicas-lost-after-drain";

    [Fact]
    public async Task ScaleStatefulSetPlaybook_DbReplicasLostAfterDrain_RecoversWithThreeReadyReplicas()
    {
        var id = await fleet.StartAsync(Scenario);
        await fleet.WaitStateAsync(id, "active");
        Assert.Equal("1", await fleet.KubectlAsync("get", "statefulset", "payment-db", "-n", "prod", "-o", "jsonpath={.spec.replicas}"));

        // The workflow declares what the playbook needs; the operator supplies exactly its required parameters.
        var workflow = WorkflowCatalog.Load("scale-statefulset");
        var required = workflow["spec"]!["parameters"]!.AsArray().Where(p => p!["required"]?.ToString() == "true").Select(p => p!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal);
        Assert.Equal(["namespace", "replicas", "statefulset"], required);
        var playbook = Path.Combine(RepositoryPaths.Playbooks, workflow["spec"]!["execution"]!["playbook"]!.GetValue<string>());
        var run = await RunPlaybookAsync(playbook, new JsonObject { ["namespace"] = "prod", ["statefulset"] = "payment-db", ["replicas"] = 3, ["wait_timeout"] = 120 });

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("changed=1", run.Stdout);
        await fleet.WaitStateAsync(id, "recovered", 90);
        Assert.Equal("3", await fleet.KubectlAsync("get", "statefulset", "payment-db", "-n", "prod", "-o", "jsonpath={.status.readyReplicas}"));
        Assert.Equal("3", await fleet.KubectlAsync("get", "statefulset", "payment-db", "-n", "prod", "-o", "jsonpath={.spec.replicas}"));
    }

    [Fact]
    public async Task UncordonDrainedNode_DbReplicasLostAfterDrain_AutomationRestoresReplicasAndRecovers()
    {
        var id = await fleet.StartAsync(Scenario);
        await fleet.WaitStateAsync(id, "active");
        var annotations = JsonDocument.Parse(await fleet.KubectlAsync("get", "statefulset", "payment-db", "-n", "prod", "-o", "jsonpath={.metadata.annotations}")).RootElement;
        var node = annotations.GetProperty("maintenance.kubernaut.ai/drained-node").GetString()!;
        Assert.Equal("true", await fleet.KubectlAsync("get", "node", node, "-o", "jsonpath={.spec.unschedulable}"));

        await fleet.KubectlAsync("uncordon", node);

        await fleet.WaitStateAsync(id, "recovered", 90);
        Assert.Equal("3", await fleet.KubectlAsync("get", "statefulset", "payment-db", "-n", "prod", "-o", "jsonpath={.status.readyReplicas}"));
        Assert.Equal("", await fleet.KubectlAsync("get", "node", node, "-o", "jsonpath={.spec.unschedulable}"));
    }

    /// <summary>
    /// Debian's ansible-playbook in a clean environment (Debian's python3 has the kubernetes module, a pyenv one on PATH
    /// may not), authenticated by the fleet's kubeconfig and the spoke's context as kubernetes.core reads them.
    /// </summary>
    private async Task<Kubectl.Result> RunPlaybookAsync(string playbook, JsonObject extraVars)
    {
        var home = Directory.CreateTempSubdirectory("scenario-ansible-");
        try
        {
            var psi = new ProcessStartInfo("/usr/bin/ansible-playbook") { WorkingDirectory = home.FullName };
            psi.Environment.Clear();
            psi.Environment["PATH"] = "/usr/bin:/bin";
            psi.Environment["HOME"] = home.FullName;
            psi.Environment["LANG"] = "C.UTF-8";
            psi.Environment["ANSIBLE_LOCALHOST_WARNING"] = "False";
            psi.Environment["ANSIBLE_INVENTORY_UNPARSED_WARNING"] = "False";
            psi.Environment["K8S_AUTH_KUBECONFIG"] = fleet.KubeconfigPath;
            psi.Environment["K8S_AUTH_CONTEXT"] = fleet.Cluster;
            foreach (var arg in new[] { "-i", "localhost,", "-c", "local", "-e", "ansible_python_interpreter=/usr/bin/python3", "-e", extraVars.ToJsonString(), playbook })
            {
                psi.ArgumentList.Add(arg);
            }

            return await ProcessRunner.RunAsync(psi, TimeSpan.FromMinutes(3));
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }
}
