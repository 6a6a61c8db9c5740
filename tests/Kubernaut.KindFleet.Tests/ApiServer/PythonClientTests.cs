using System.Diagnostics;
using k8s;
using Kubernaut.KindFleet.Tests.Support;
using static Kubernaut.KindFleet.Tests.ApiServer.ApiTestKit;

namespace Kubernaut.KindFleet.Tests.ApiServer;

/// <summary>
/// The Python Kubernetes client's dynamic client (what Ansible's kubernetes.core uses) through the generated kubeconfig.
/// Debian's /usr/bin/python3 carries python3-kubernetes (scripts/install-test-deps.sh); a pyenv python3 on PATH may not.
/// </summary>
public sealed class PythonClientTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    private const string Script = """
        import sys
        from kubernetes import config, dynamic
        from kubernetes.client import api_client
        kubeconfig, context, ns = sys.argv[1:4]
        client = dynamic.DynamicClient(api_client.ApiClient(configuration=config.load_kube_config(config_file=kubeconfig, context=context, persist_config=False) or None))
        pods = client.resources.get(api_version="v1", kind="Pod").get(namespace=ns, label_selector="app=py")
        widgets = client.resources.get(api_version="kubernaut.example/v1", kind="Widget").get(namespace=ns)
        print("pods=" + ",".join(sorted(p.metadata.name for p in pods.items)))
        print("widgets=" + ",".join(sorted(f"{w.metadata.name}:{w.spec.size}" for w in widgets.items)))
        """;

    [Fact]
    public async Task DynamicClient_ListsPodsAndCustomResources()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = fleet.Client("staging");
        await CustomResourceKit.EnsureWidgetsAsync(client, ct);
        var ns = await NamespaceAsync(client, ct, "py");
        foreach (var (name, app) in new[] { ("py-1", "py"), ("py-2", "py"), ("other", "x") })
        {
            await client.CoreV1.CreateNamespacedPodAsync(new k8s.Models.V1Pod
            {
                Metadata = new k8s.Models.V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = app } },
                Spec = new k8s.Models.V1PodSpec { Containers = [new k8s.Models.V1Container { Name = "c", Image = "busybox" }] },
            }, ns, cancellationToken: ct);
        }

        await client.CustomObjects.CreateNamespacedCustomObjectAsync(CustomResourceKit.Widget("sprocket", 3), CustomResourceKit.Group, "v1", ns, "widgets", cancellationToken: ct);
        var psi = new ProcessStartInfo("/usr/bin/python3");
        foreach (var arg in new[] { "-c", Script, fleet.KubeconfigPath, "staging", ns })
        {
            psi.ArgumentList.Add(arg);
        }

        var result = await ProcessRunner.RunAsync(psi);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(["pods=py-1,py-2", "widgets=sprocket:3"], result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
