using System.Text.Json.Nodes;
using Flurl.Http;

namespace Kubernaut.KindFleet.Tests.Awx;

/// <summary>
/// Real ansible-playbook runs through the AWX stand-in against a simulated spoke, reached the way the hub reaches it:
/// the cluster-proxy URL, the fleet CA, and a ServiceAccount token whose RBAC is exactly the workflow's catalog rules.
/// Assertions are on the objects' specs (pods and their readiness belong to the workload controllers).
/// </summary>
public sealed class PlaybookRunTests(AwxFleetFixture fleet) : IClassFixture<AwxFleetFixture>
{
    private const string Spoke = "prod-eu-west";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SpokeAccess Spoke_ => new(fleet, Spoke);

    [Fact]
    public async Task ScaleStatefulSet_TokenWithCatalogRules_ScalesAndSecondRunChangesNothing()
    {
        var ns = await NewNamespaceAsync();
        await Spoke_.ApplyYamlAsync(StatefulSet(ns, "payment-db", replicas: 1));
        var vars = new Dictionary<string, string> { ["namespace"] = ns, ["statefulset"] = "payment-db" };
        var token = await Spoke_.GrantAsync(ns, "remediator", WorkflowCatalog.RenderRules(WorkflowCatalog.Load("scale-statefulset"), vars));

        var (first, firstOut) = await RunAsync("scale-statefulset", token, new JsonObject { ["namespace"] = ns, ["statefulset"] = "payment-db", ["replicas"] = 3, ["wait_for_ready"] = false });
        var replicas = await Spoke_.GetAsync("statefulset", "payment-db", "-n", ns, "-o", "jsonpath={.spec.replicas}");
        var (second, secondOut) = await RunAsync("scale-statefulset", token, new JsonObject { ["namespace"] = ns, ["statefulset"] = "payment-db", ["replicas"] = 3, ["wait_for_ready"] = false });

        Assert.True(first == "successful", firstOut);
        Assert.Equal("3", replicas);
        Assert.Contains("changed=1", firstOut);
        Assert.True(second == "successful", secondOut);
        Assert.Contains("changed=0", secondOut);
    }

    [Fact]
    public async Task ScaleStatefulSet_TokenWithoutScalePermission_FailsWith403AndLeavesReplicas()
    {
        var ns = await NewNamespaceAsync();
        await Spoke_.ApplyYamlAsync(StatefulSet(ns, "payment-db", replicas: 1));
        var vars = new Dictionary<string, string> { ["namespace"] = ns, ["statefulset"] = "payment-db" };
        var rules = WorkflowCatalog.RenderRules(WorkflowCatalog.Load("scale-statefulset"), vars);
        var withoutScale = new JsonArray([.. rules.Where(r => !r!["resources"]!.AsArray().Any(x => x!.GetValue<string>() == "statefulsets/scale")).Select(r => r!.DeepClone())]);
        var token = await Spoke_.GrantAsync(ns, "remediator", withoutScale);

        var (status, stdout) = await RunAsync("scale-statefulset", token, new JsonObject { ["namespace"] = ns, ["statefulset"] = "payment-db", ["replicas"] = 3, ["wait_for_ready"] = false });
        var replicas = await Spoke_.GetAsync("statefulset", "payment-db", "-n", ns, "-o", "jsonpath={.spec.replicas}");

        Assert.Equal(rules.Count - 1, withoutScale.Count);
        Assert.True(status == "failed", stdout);
        Assert.Contains("403", stdout);
        Assert.Contains("Forbidden", stdout, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("1", replicas);
    }

    [Fact]
    public async Task RestartAndPatchMemory_TokenWithCatalogRules_SetsLimitAndRestartAnnotationOnce()
    {
        var ns = await NewNamespaceAsync();
        await Spoke_.ApplyYamlAsync(Deployment(ns, "checkout-service", "512Mi"));
        var token = await Spoke_.GrantAsync(ns, "remediator", WorkflowCatalog.RenderRules(WorkflowCatalog.Load("restart-and-patch-memory"),
            new Dictionary<string, string> { ["namespace"] = ns, ["deployment"] = "checkout-service" }));
        var vars = new JsonObject
        {
            ["namespace"] = ns,
            ["deployment"] = "checkout-service",
            ["container"] = "app",
            ["memory_limit"] = "768Mi",
            ["restart_token"] = "rr-0123456789ab-cdef0123",
            ["wait_for_ready"] = false,
        };

        var (first, firstOut) = await RunAsync("restart-and-patch-memory", token, vars);
        var limit = await Spoke_.GetAsync("deployment", "checkout-service", "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[0].resources.limits.memory}");
        var restartedAt = await Spoke_.GetAsync("deployment", "checkout-service", "-n", ns, "-o", "jsonpath={.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}");
        var (second, secondOut) = await RunAsync("restart-and-patch-memory", token, vars);

        Assert.True(first == "successful", firstOut);
        Assert.Equal("768Mi", limit);
        Assert.Equal("rr-0123456789ab-cdef0123", restartedAt);
        Assert.True(second == "successful", secondOut);
        Assert.Contains("changed=0", secondOut);
    }

    [Fact]
    public async Task RollbackConfig_TokenWithCatalogRules_RestoresSavedRevisionAndRollsDeployment()
    {
        var ns = await NewNamespaceAsync();
        await Spoke_.ApplyYamlAsync(Deployment(ns, "checkout-service", "512Mi"));
        await Spoke_.ApplyYamlAsync($$"""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: checkout-config, namespace: {{ns}}}
            data: {cache.mode: unbounded, cache.eviction: "false"}
            """);
        await Spoke_.ApplyYamlAsync($$"""
            apiVersion: apps/v1
            kind: ControllerRevision
            metadata:
              name: checkout-config-v42
              namespace: {{ns}}
              labels: {kubernaut.ai/configmap: checkout-config, kubernaut.ai/revision: "42"}
            revision: 42
            data:
              data: {cache.mode: bounded}
            """);
        var token = await Spoke_.GrantAsync(ns, "remediator", WorkflowCatalog.RenderRules(WorkflowCatalog.Load("rollback-config"),
            new Dictionary<string, string> { ["namespace"] = ns, ["configmap"] = "checkout-config", ["revision"] = "42", ["deployment"] = "checkout-service" }));

        var (status, stdout) = await RunAsync("rollback-config", token, new JsonObject
        {
            ["namespace"] = ns,
            ["configmap"] = "checkout-config",
            ["revision"] = 42,
            ["deployment"] = "checkout-service",
            ["restart_token"] = "rr-1",
            ["wait_for_ready"] = false,
        });
        var data = JsonNode.Parse(await Spoke_.GetAsync("configmap", "checkout-config", "-n", ns, "-o", "jsonpath={.data}"))!.AsObject();
        var restartedAt = await Spoke_.GetAsync("deployment", "checkout-service", "-n", ns, "-o", "jsonpath={.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}");

        Assert.True(status == "successful", stdout);
        Assert.Equal("""{"cache.mode":"bounded"}""", data.ToJsonString());
        Assert.Equal("rr-1", restartedAt);
    }

    [Fact]
    public async Task RollbackNodeDrain_TokenWithCatalogClusterRules_UncordonsNode()
    {
        const string node = "prod-eu-west-worker-3";
        var ns = await NewNamespaceAsync();
        await Support.Kubectl.OkAsync(fleet.KubeconfigPath, Spoke, "cordon", node);
        var workflow = WorkflowCatalog.Load("rollback-node-drain");
        var vars = new Dictionary<string, string> { ["node"] = node };
        var token = await Spoke_.GrantAsync(ns, "remediator", WorkflowCatalog.RenderRules(workflow, vars), WorkflowCatalog.RenderRules(workflow, vars, "clusterRules"));

        var (status, stdout) = await RunAsync("rollback-node-drain", token, new JsonObject { ["node"] = node });
        var unschedulable = await Spoke_.GetAsync("node", node, "-o", "jsonpath={.spec.unschedulable}");

        Assert.True(status == "successful", stdout);
        Assert.NotEqual("true", unschedulable);
    }

    private async Task<string> NewNamespaceAsync()
    {
        var ns = "awx-" + Guid.NewGuid().ToString("N")[..8];
        await Spoke_.ApplyYamlAsync($"apiVersion: v1\nkind: Namespace\nmetadata: {{name: {ns}}}\n");
        return ns;
    }

    /// <summary>Creates the credential, launches, waits; always deletes the credential afterwards, as the hub must.</summary>
    private async Task<(string Status, string Stdout)> RunAsync(string template, string token, JsonObject extraVars)
    {
        var awx = fleet.Awx();
        var credential = await awx.CreateKubernetesCredentialAsync($"{template}-{Guid.NewGuid():N}", fleet.ClusterProxyUrl(Spoke), token, fleet.CaPem, Ct);
        try
        {
            var launch = await (await awx.LaunchAsync(await awx.TemplateIdAsync(template, Ct), new { extra_vars = extraVars, credentials = new[] { credential } }, Ct)).JsonAsync();
            Assert.Empty(launch["ignored_fields"]!.AsObject());
            var job = await awx.WaitForJobAsync(launch["job"]!.GetValue<int>(), Ct, timeoutSeconds: 180);
            var stdout = await awx.StdoutAsync(job["id"]!.GetValue<int>(), Ct);
            Assert.DoesNotContain(token, stdout);
            return (job["status"]!.GetValue<string>(), stdout);
        }
        finally
        {
            await awx.Request($"credentials/{credential}/").DeleteAsync(cancellationToken: CancellationToken.None);
        }
    }

    private static string StatefulSet(string ns, string name, int replicas) => $$"""
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: {{name}}, namespace: {{ns}}}
        spec:
          replicas: {{replicas}}
          serviceName: {{name}}
          selector:
            matchLabels:
              app: {{name}}
          template:
            metadata:
              labels:
                app: {{name}}
            spec:
              containers: [{name: db, image: postgres:16}]
        """;

    private static string Deployment(string ns, string name, string memory) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: {{name}}, namespace: {{ns}}}
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: {{name}}
          template:
            metadata:
              labels:
                app: {{name}}
            spec:
              containers:
                - name: app
                  image: registry.example/checkout:1.4.2
                  resources:
                    limits:
                      memory: {{memory}}
                    requests:
                      memory: 256Mi
        """;
}
