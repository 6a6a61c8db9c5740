using System.Text.Json;
using k8s;
using k8s.Models;

namespace Kubernaut.Hub.Tests.Investigation;

/// <summary>Look-alikes and the other scenarios on prod-us-east: a traffic OOM is not a config OOM, a bad image, an unknown fault.</summary>
public sealed partial class ProdUsEastInvestigationTests
{
    [Fact]
    public async Task Investigate_OomFromTrafficSpike_TrafficNotConfig()
    {
        var scenario = await fleet.StartScenarioAsync("oom-from-traffic-spike");
        await fleet.WaitScenarioActiveAsync(scenario);
        await Eventually2.ValueAsync(() => fleet.QueryAsync("sum(kube_pod_container_status_last_terminated_reason{cluster=\"prod-us-east\",container=\"catalog-service\",reason=\"OOMKilled\"})"),
            v => v >= 1, "catalog-service OOMKilled", 90);
        await fleet.PassAsync(TimeSpan.FromMinutes(5));

        var id = await fleet.AlertAsync(fleet.Hub, "KubePodCrashLooping", "prod", "deployment", "catalog-service");
        var investigation = await InvestigationFleet.InvestigatedAsync(fleet.Hub, id);
        var narrative = InvestigationFleet.Narrative(await InvestigationFleet.TranscriptAsync(fleet.Hub, id));

        var categories = Categories(investigation);
        Assert.Contains("oom-killed", categories);
        Assert.Contains("memory-limit", categories);
        Assert.DoesNotContain("config-change", categories);
        Assert.Contains("Traffic went up", narrative);
        Assert.Contains("So the root cause is the traffic spike", narrative);
        Assert.Contains("not a config change", narrative);
        Assert.Equal("384Mi", investigation.GetProperty("facts").GetProperty("memoryLimit").GetString());
    }

    [Fact]
    public async Task Investigate_BadImageRollout_ImagePullFromTheRollout()
    {
        var scenario = await fleet.StartScenarioAsync("bad-image-rollout");
        await fleet.WaitScenarioActiveAsync(scenario);
        await fleet.PassAsync(TimeSpan.FromMinutes(3));

        var id = await fleet.AlertAsync(fleet.Hub, "KubeDeploymentRolloutStuck", "prod", "deployment", "cart-service");
        var investigation = await InvestigationFleet.InvestigatedAsync(fleet.Hub, id);
        var narrative = InvestigationFleet.Narrative(await InvestigationFleet.TranscriptAsync(fleet.Hub, id));

        Assert.Equal(["image-pull", "bad-rollout"], Categories(investigation));
        Assert.Contains("cart:2.8.0", investigation.GetProperty("facts").GetProperty("badImage").GetString());
        Assert.Contains("cart:2.7.3 → cart:2.8.0", narrative);
    }

    [Fact]
    public async Task Investigate_UnknownFault_InconclusiveListingWhatWasChecked()
    {
        // A fault no rule knows: pods that can never be scheduled (a node selector no node matches).
        var spoke = fleet.Client(fleet.Cluster);
        await spoke.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "inventory-sync", NamespaceProperty = "prod" },
            Spec = new V1DeploymentSpec
            {
                Replicas = 2,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "inventory-sync" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "inventory-sync" } },
                    Spec = new V1PodSpec
                    {
                        NodeSelector = new Dictionary<string, string> { ["disktype"] = "nvme-gen5" },
                        Containers = [new V1Container { Name = "inventory-sync", Image = "registry.example.com/shop/cart:2.7.3" }],
                    },
                },
            },
        }, "prod", cancellationToken: TestContext.Current.CancellationToken);
        await fleet.PassAsync(TimeSpan.FromMinutes(2));

        var id = await fleet.AlertAsync(fleet.Hub, "KubeDeploymentReplicasMismatch", "prod", "deployment", "inventory-sync");
        var investigation = await InvestigationFleet.InvestigatedAsync(fleet.Hub, id);

        Assert.True(investigation.GetProperty("inconclusive").GetBoolean(), investigation.ToString());
        Assert.Empty(Categories(investigation));
        Assert.False(investigation.TryGetProperty("rootCause", out var cause) && cause.ValueKind == JsonValueKind.String, investigation.ToString());
        var summary = investigation.GetProperty("summary").GetString()!;
        Assert.Contains("Checked", summary);
        Assert.Contains("get_pods", summary);
        Assert.Contains("list_events", summary);
        Assert.Contains("PromQL", summary);
    }

    [Fact]
    public async Task Investigate_WorkloadUnderMaintenance_EndsAsExpectedDowntime()
    {
        var until = fleet.Now.AddHours(2);
        await fleet.Client(fleet.Cluster).AppsV1.PatchNamespacedStatefulSetAsync(new V1Patch(JsonSerializer.Serialize(new
        {
            metadata = new { annotations = new Dictionary<string, string> { ["kubernaut.ai/maintenance-until"] = until.ToString("O"), ["kubernaut.ai/maintenance-reason"] = "storage migration" } },
        }), V1Patch.PatchType.MergePatch), "redis", "prod", cancellationToken: TestContext.Current.CancellationToken);
        try
        {
            var hub = await fleet.StartHubAsync();
            var id = await fleet.AlertAsync(hub, "KubeStatefulSetReplicasMismatch", "prod", "statefulset", "redis");
            var investigation = await InvestigationFleet.InvestigatedAsync(hub, id);
            var transcript = await InvestigationFleet.TranscriptAsync(hub, id);

            Assert.Equal(["expected-downtime", "maintenance"], Categories(investigation));
            Assert.Contains("under maintenance", investigation.GetProperty("rootCause").GetString());
            Assert.Contains(transcript, t => t.GetProperty("type").GetString() == "context" && t.GetProperty("text").GetString()!.Contains("storage migration", StringComparison.Ordinal));
            Assert.DoesNotContain(transcript, t => t.GetProperty("type").GetString() == "tool-call" && t.GetProperty("tool").GetString() == "get_logs");
        }
        finally
        {
            await fleet.Client(fleet.Cluster).AppsV1.PatchNamespacedStatefulSetAsync(new V1Patch("{\"metadata\":{\"annotations\":{\"kubernaut.ai/maintenance-until\":null}}}",
                V1Patch.PatchType.MergePatch), "redis", "prod", cancellationToken: TestContext.Current.CancellationToken);
        }
    }

    internal static List<string?> Categories(JsonElement investigation) =>
        [.. investigation.GetProperty("categories").EnumerateArray().Select(c => c.GetString())];
}

/// <summary>The look-alike of the database story and the rest of prod-eu-west's scenarios.</summary>
public sealed partial class ProdEuWestInvestigationTests
{
    [Fact]
    public async Task Investigate_CpuThrottlingAtHpaMax_ThrottlingNotLostDependency()
    {
        var scenario = await fleet.StartScenarioAsync("cpu-throttling-at-hpa-max");
        await fleet.WaitScenarioActiveAsync(scenario);
        await Eventually2.ValueAsync(
            () => fleet.QueryAsync("sum(rate(container_cpu_cfs_throttled_periods_total{cluster=\"prod-eu-west\",container=\"fraud-check\"}[1m])) / sum(rate(container_cpu_cfs_periods_total{cluster=\"prod-eu-west\",container=\"fraud-check\"}[1m]))"),
            v => v > 0.5, "CFS throttling on fraud-check", 90);
        await fleet.PassAsync(TimeSpan.FromMinutes(3));

        var id = await fleet.AlertAsync(fleet.Hub, "HighLatency", "prod", "deployment", "fraud-check");
        var investigation = await InvestigationFleet.InvestigatedAsync(fleet.Hub, id);
        var narrative = InvestigationFleet.Narrative(await InvestigationFleet.TranscriptAsync(fleet.Hub, id));

        Assert.Equal(["cpu-saturation", "hpa-at-max", "capacity"], ProdUsEastInvestigationTests.Categories(investigation));
        Assert.Contains("not a lost dependency", narrative);
        Assert.Contains("The HorizontalPodAutoscaler is at its maximum: 4 of 4 replicas", narrative);
        Assert.Equal("4", investigation.GetProperty("facts").GetProperty("maxReplicas").GetString());
        Assert.Equal("500m", investigation.GetProperty("facts").GetProperty("cpuLimit").GetString());
    }

    [Fact]
    public async Task Investigate_MissingSecret_SecretNotTheRollout()
    {
        var scenario = await fleet.StartScenarioAsync("missing-secret");
        await fleet.WaitScenarioActiveAsync(scenario);
        await fleet.PassAsync(TimeSpan.FromMinutes(2));

        var id = await fleet.AlertAsync(fleet.Hub, "KubeDeploymentRolloutStuck", "prod", "deployment", "ledger-service");
        var investigation = await InvestigationFleet.InvestigatedAsync(fleet.Hub, id);
        var narrative = InvestigationFleet.Narrative(await InvestigationFleet.TranscriptAsync(fleet.Hub, id));

        Assert.Equal("missing-secret", ProdUsEastInvestigationTests.Categories(investigation)[0]);
        Assert.Equal("ledger-db-credentials", investigation.GetProperty("facts").GetProperty("secret").GetString());
        Assert.Contains("So the root cause is the missing secret ledger-db-credentials, not the rollout itself", narrative);
    }
}

/// <summary>staging: a release whose liveness endpoint moved.</summary>
public sealed class StagingInvestigationTests(StagingInvestigation fleet) : IClassFixture<StagingInvestigation>
{
    [Fact]
    public async Task Investigate_LivenessProbeFailureAfterDeploy_ProbeFromTheRelease()
    {
        var scenario = await fleet.StartScenarioAsync("liveness-probe-failure-after-deploy");
        await fleet.WaitScenarioActiveAsync(scenario);
        await fleet.PassAsync(TimeSpan.FromMinutes(4));

        var id = await fleet.AlertAsync(fleet.Hub, "KubePodCrashLooping", "staging", "deployment", "checkout-service");
        var investigation = await InvestigationFleet.InvestigatedAsync(fleet.Hub, id);
        var narrative = InvestigationFleet.Narrative(await InvestigationFleet.TranscriptAsync(fleet.Hub, id));

        Assert.Equal(["liveness-probe", "bad-rollout", "regression"], ProdUsEastInvestigationTests.Categories(investigation));
        Assert.Contains("Liveness probe failed", narrative);
        Assert.Contains("checkout:1.43.0", narrative);
        Assert.DoesNotContain("oom-killed", ProdUsEastInvestigationTests.Categories(investigation));
    }
}
