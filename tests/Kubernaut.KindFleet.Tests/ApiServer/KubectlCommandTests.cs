using System.Diagnostics;
using k8s;
using k8s.Models;
using Kubernaut.KindFleet.Tests.Support;
using static Kubernaut.KindFleet.Tests.ApiServer.ApiTestKit;

namespace Kubernaut.KindFleet.Tests.ApiServer;

/// <summary>The machine's kubectl against the fleet's kubeconfig: printing, typed creates (protobuf bodies), auth, apply, patch, watch.</summary>
public sealed class KubectlCommandTests(ApiServerFixture fleet) : IClassFixture<ApiServerFixture>
{
    private const string Cluster = "prod-us-east";
    private readonly IKubernetes _client = fleet.Client(Cluster);
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private Task<string> OkAsync(params string[] args) => Kubectl.OkAsync(fleet.KubeconfigPath, Cluster, args);

    private async Task<string> PodWithEventAsync()
    {
        var ns = await NamespaceAsync(_client, _ct, "kc");
        var pod = await _client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "web-0", Labels = new Dictionary<string, string> { ["app"] = "web" } },
            Spec = new V1PodSpec { NodeName = "prod-us-east-worker-2", Containers = [new V1Container { Name = "web", Image = "nginx:1.27" }] },
        }, ns, cancellationToken: _ct);
        await _client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "web-0.1" },
            InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "web-0", NamespaceProperty = ns, Uid = pod.Metadata.Uid, ApiVersion = "v1" },
            Reason = "BackOff",
            Message = "Back-off restarting failed container web",
            Type = "Warning",
            Count = 4,
            FirstTimestamp = DateTime.UtcNow.AddMinutes(-3),
            LastTimestamp = DateTime.UtcNow,
            Source = new V1EventSource { Component = "kubelet", Host = "prod-us-east-worker-2" },
        }, ns, cancellationToken: _ct);
        return ns;
    }

    [Fact]
    public async Task GetPods_WideYamlJsonpath_PrintPodFields()
    {
        var ns = await PodWithEventAsync();

        var wide = await OkAsync("get", "pods", "-n", ns, "-o", "wide");
        var yaml = await OkAsync("get", "pod", "web-0", "-n", ns, "-o", "yaml");
        var path = await OkAsync("get", "pods", "-n", ns, "-o", "jsonpath={.items[*].spec.nodeName}");

        Assert.Matches(@"NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES", wide);
        Assert.Matches(@"web-0\s+0/1\s+Pending\s+0\s+\S+\s+<none>\s+prod-us-east-worker-2", wide);
        Assert.Contains("kind: Pod", yaml, StringComparison.Ordinal);
        Assert.Contains($"namespace: {ns}", yaml, StringComparison.Ordinal);
        Assert.Equal("prod-us-east-worker-2", path);
    }

    [Fact]
    public async Task DescribePod_ShowsNodeLabelsAndItsEvents()
    {
        var ns = await PodWithEventAsync();

        var described = await OkAsync("describe", "pod", "web-0", "-n", ns);

        Assert.Matches(@"Node:\s+prod-us-east-worker-2", described);
        Assert.Matches(@"Labels:\s+app=web", described);
        Assert.Matches(@"Warning\s+BackOff\s+.*kubelet\s+Back-off restarting failed container web", described);
    }

    [Fact]
    public async Task GetEvents_Wide_ShowsSourceCountAndObject()
    {
        var ns = await PodWithEventAsync();

        var wide = await OkAsync("get", "events", "-n", ns, "-o", "wide");

        Assert.Matches(@"LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+SUBOBJECT\s+SOURCE\s+MESSAGE\s+FIRST SEEN\s+COUNT\s+NAME", wide);
        Assert.Matches(@"Warning\s+BackOff\s+pod/web-0\s+kubelet, prod-us-east-worker-2\s+Back-off restarting failed container web\s+3m\d*s?\s+4\s+web-0.1", wide);
    }

    [Fact]
    public async Task GetAndDescribeNodes_Wide_ShowRuntimeAndConditions()
    {
        var wide = await OkAsync("get", "nodes", "-o", "wide");
        var described = await OkAsync("describe", "node", "prod-us-east-worker-1");
        var names = await OkAsync("get", "nodes", "-o", "jsonpath={.items[*].metadata.name}");

        Assert.Matches(@"NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME", wide);
        Assert.Matches(@"prod-us-east-control-plane\s+Ready\s+control-plane", wide);
        Assert.Contains("containerd://", wide, StringComparison.Ordinal);
        Assert.Matches(@"Ready\s+True", described);
        Assert.Equal(["prod-us-east-control-plane", "prod-us-east-worker-1", "prod-us-east-worker-2", "prod-us-east-worker-3"], names.Split(' '));
    }

    [Fact]
    public async Task CreateSubcommands_ProtobufBodies_CreateTheObjects()
    {
        var ns = Unique("proto");

        await OkAsync("create", "namespace", ns);
        await OkAsync("create", "serviceaccount", "bot", "-n", ns);
        await OkAsync("create", "configmap", "settings", "-n", ns, "--from-literal=mode=fast", "--from-literal=empty=");
        await OkAsync("create", "secret", "generic", "creds", "-n", ns, "--from-literal=password=s3cr3t");
        await OkAsync("create", "deployment", "api", "-n", ns, "--image=registry.example/api:2", "--replicas=0", "--port=8080");
        await OkAsync("create", "service", "clusterip", "api", "-n", ns, "--tcp=80:8080");
        await OkAsync("create", "role", "reader", "-n", ns, "--verb=get,list", "--resource=pods,deployments.apps");
        await OkAsync("create", "rolebinding", "bot-reads", "-n", ns, "--role=reader", $"--serviceaccount={ns}:bot");

        var cm = await _client.CoreV1.ReadNamespacedConfigMapAsync("settings", ns, cancellationToken: _ct);
        var secret = await _client.CoreV1.ReadNamespacedSecretAsync("creds", ns, cancellationToken: _ct);
        var deployment = await _client.AppsV1.ReadNamespacedDeploymentAsync("api", ns, cancellationToken: _ct);
        var service = await _client.CoreV1.ReadNamespacedServiceAsync("api", ns, cancellationToken: _ct);
        var role = await _client.RbacAuthorizationV1.ReadNamespacedRoleAsync("reader", ns, cancellationToken: _ct);
        var binding = await _client.RbacAuthorizationV1.ReadNamespacedRoleBindingAsync("bot-reads", ns, cancellationToken: _ct);
        Assert.Equal(new Dictionary<string, string> { ["mode"] = "fast", ["empty"] = "" }, cm.Data);
        Assert.Equal("s3cr3t", System.Text.Encoding.UTF8.GetString(secret.Data["password"]));
        Assert.Equal((0, "registry.example/api:2", 8080), (deployment.Spec.Replicas, deployment.Spec.Template.Spec.Containers[0].Image, deployment.Spec.Template.Spec.Containers[0].Ports[0].ContainerPort));
        Assert.Equal("api", deployment.Spec.Selector.MatchLabels["app"]);
        Assert.Equal((80, "8080"), (service.Spec.Ports[0].Port, service.Spec.Ports[0].TargetPort.Value));
        Assert.Equal(["pods", "deployments"], role.Rules.SelectMany(r => r.Resources));
        Assert.Equal(("ServiceAccount", "bot", ns, "reader"), (binding.Subjects[0].Kind, binding.Subjects[0].Name, binding.Subjects[0].NamespaceProperty, binding.RoleRef.Name));
    }

    [Fact]
    public async Task AuthCanI_TokenFromCreateToken_AllowedAndDenied()
    {
        var ns = Unique("cani");
        await OkAsync("create", "namespace", ns);
        await OkAsync("create", "serviceaccount", "bot", "-n", ns);
        await OkAsync("create", "role", "reader", "-n", ns, "--verb=get,list", "--resource=pods");
        await OkAsync("create", "rolebinding", "bot-reads", "-n", ns, "--role=reader", $"--serviceaccount={ns}:bot");
        var token = (await OkAsync("create", "token", "bot", "-n", ns, "--duration=20m")).Trim();

        var allowed = await Kubectl.RunAsync(fleet.KubeconfigPath, Cluster, "auth", "can-i", "list", "pods", "-n", ns, "--token", token);
        var denied = await Kubectl.RunAsync(fleet.KubeconfigPath, Cluster, "auth", "can-i", "delete", "secrets", "-n", ns, "--token", token);
        var whoami = await OkAsync("auth", "whoami", "--token", token);
        var listed = await OkAsync("get", "pods", "-n", ns, "--token", token);
        var forbidden = await Kubectl.RunAsync(fleet.KubeconfigPath, Cluster, "get", "secrets", "-n", ns, "--token", token);

        Assert.Equal((0, "yes"), (allowed.ExitCode, allowed.Stdout.Trim()));
        Assert.Equal((1, "no"), (denied.ExitCode, denied.Stdout.Trim()));
        Assert.Matches($@"Username\s+system:serviceaccount:{ns}:bot", whoami);
        Assert.Equal("", listed);
        Assert.Contains($"Error from server (Forbidden): secrets is forbidden: User \"system:serviceaccount:{ns}:bot\" cannot list resource \"secrets\"", forbidden.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthWhoami_AdminKubeconfig_IsSystemMasters()
    {
        var whoami = await OkAsync("auth", "whoami");

        Assert.Matches(@"Username\s+kubernetes-admin", whoami);
        Assert.Contains("system:masters", whoami, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiResources_ListsBuiltinsWithShortNames()
    {
        var resources = await OkAsync("api-resources");

        Assert.Matches(@"pods\s+po\s+v1\s+true\s+Pod", resources);
        Assert.Matches(@"deployments\s+deploy\s+apps/v1\s+true\s+Deployment", resources);
        Assert.Matches(@"customresourcedefinitions\s+crd,crds\s+apiextensions.k8s.io/v1\s+false\s+CustomResourceDefinition", resources);
    }

    [Fact]
    public async Task Explain_Pod_DescribesTopLevelFields()
    {
        var explained = await OkAsync("explain", "pods");
        var spec = await OkAsync("explain", "deployments.spec");

        Assert.Matches(@"KIND:\s+Pod", explained);
        Assert.Matches(@"VERSION:\s+v1", explained);
        Assert.Contains("FIELDS:", explained, StringComparison.Ordinal);
        Assert.Matches(@"metadata\s+<ObjectMeta>", explained);
        Assert.Matches(@"spec\s+<Object>", explained);
        Assert.Matches(@"FIELD:\s+spec <Object>", spec);
    }

    [Fact]
    public async Task ApplyServerSide_CreateThenChange_UpdatesInPlace()
    {
        var ns = await NamespaceAsync(_client, _ct, "ssa");
        var manifest = Path.Combine(Path.GetTempPath(), $"{ns}.yaml");
        async Task ApplyAsync(string value)
        {
            await File.WriteAllTextAsync(manifest, $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n  namespace: {ns}\ndata:\n  mode: {value}\n", _ct);
            Assert.Contains("serverside-applied", await OkAsync("apply", "--server-side", "-f", manifest), StringComparison.Ordinal);
        }

        try
        {
            await ApplyAsync("one");
            var uid = (await _client.CoreV1.ReadNamespacedConfigMapAsync("applied", ns, cancellationToken: _ct)).Metadata.Uid;
            await ApplyAsync("two");
            var after = await _client.CoreV1.ReadNamespacedConfigMapAsync("applied", ns, cancellationToken: _ct);

            Assert.Equal((uid, "two"), (after.Metadata.Uid, after.Data["mode"]));
        }
        finally
        {
            File.Delete(manifest);
        }
    }

    [Fact]
    public async Task Patch_JsonMergeAndStrategic_ChangeTheDeployment()
    {
        var ns = await NamespaceAsync(_client, _ct, "patch");
        await _client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web"), ns, cancellationToken: _ct);

        await OkAsync("patch", "deployment", "web", "-n", ns, "--type=json", "-p", """[{"op":"replace","path":"/spec/replicas","value":3}]""");
        await OkAsync("patch", "deployment", "web", "-n", ns, "--type=merge", "-p", """{"metadata":{"labels":{"team":"payments"}}}""");
        await OkAsync("patch", "deployment", "web", "-n", ns, "--type=strategic", "-p", """{"spec":{"template":{"spec":{"containers":[{"name":"proxy","image":"registry.example/proxy:2"}]}}}}""");
        var images = await OkAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.replicas} {.metadata.labels.team} {.spec.template.spec.containers[*].image}");

        Assert.Equal("3 payments registry.example/app:1 registry.example/proxy:2", images);
    }

    [Fact]
    public async Task GetWatch_LaterCreate_IsPrinted()
    {
        var ns = await NamespaceAsync(_client, _ct, "watch");
        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("before"), ns, cancellationToken: _ct);
        var psi = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--kubeconfig", fleet.KubeconfigPath, "--context", Cluster, "get", "configmaps", "-n", ns, "--watch", "-o", "name", "--request-timeout=40s" })
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi)!;
        var lines = new List<string>();
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_ct);
            deadline.CancelAfter(TimeSpan.FromSeconds(30));
            lines.Add(await process.StandardOutput.ReadLineAsync(deadline.Token) ?? "");
            await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("after"), ns, cancellationToken: _ct);
            lines.Add(await process.StandardOutput.ReadLineAsync(deadline.Token) ?? "");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(_ct);
        }

        Assert.Equal(["configmap/before", "configmap/after"], lines);
    }
}
