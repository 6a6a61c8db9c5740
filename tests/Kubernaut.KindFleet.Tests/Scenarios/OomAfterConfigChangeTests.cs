using System.Text.Json;
using Kubernaut.KindFleet.Tests.Controllers;

namespace Kubernaut.KindFleet.Tests.Scenarios;

/// <summary>Seed story 1 on prod-us-east: the seed's numbers, a restart that does not help, a config rollback that does.</summary>
public sealed class OomAfterConfigChangeTests(ProdUsEastFleet fleet) : IClassFixture<ProdUsEastFleet>
{
    private const double MiB = 1024 * 1024;

    [Fact]
    public async Task OomAfterConfigChange_SeedNumbersThenRestartThenRollback_OnlyRollbackRecovers()
    {
        var id = await fleet.StartAsync("oom-after-config-change");
        await fleet.WaitStateAsync(id, "active");

        // The reload's kill is the first OOMKilling event; the story's window is the 30 minutes from it.
        var first = (await Eventually.ValueAsync(OomKillsAsync, k => k.Count > 0, "the first OOM kill")).Min();

        // Right after the reload, the killed instances' logs (kubectl logs --previous) tell what happened.
        await Eventually.ValueAsync(() => Task.FromResult(fleet.Now), t => t >= first.AddSeconds(100), "every pod to reload");
        var early = await AllLogsAsync();
        Assert.Contains("config reloaded from /etc/checkout-service/config.yaml", early);
        Assert.Contains("cache size exceeded soft limit, disabling eviction", early);
        await Eventually.ValueAsync(() => Task.FromResult(fleet.Now), t => t >= first.AddMinutes(30).AddSeconds(15), "30 simulated minutes", 90);
        var kills = await OomKillsAsync();
        var inWindow = kills.Where(k => k >= first && k < first.AddMinutes(30)).Order().ToList();
        Assert.True(inWindow.Count == 14, $"OOM kills at +{string.Join(", +", inWindow.Select(k => (k - first).TotalSeconds))} s");

        Assert.Equal("512Mi", await fleet.KubectlAsync("get", "deployment", "checkout-service", "-n", "prod", "-o", "jsonpath={.spec.template.spec.containers[0].resources.limits.memory}"));
        var atReload = await fleet.QueryAsync("max(max_over_time(container_memory_working_set_bytes{cluster=\"prod-us-east\",namespace=\"prod\",container=\"checkout-service\"}[20s]))", first.AddSeconds(10));
        Assert.Equal(623, Math.Round(atReload!.Value / MiB));
        Assert.Equal(512, Math.Round((await fleet.QueryAsync("max(container_spec_memory_limit_bytes{cluster=\"prod-us-east\",container=\"checkout-service\"})"))!.Value / MiB));
        Assert.True(await fleet.QueryAsync("sum(kube_pod_container_status_last_terminated_reason{cluster=\"prod-us-east\",container=\"checkout-service\",reason=\"OOMKilled\"})") >= 1);
        Assert.Contains("cache size exceeded soft limit, disabling eviction", await AllLogsAsync());

        // Wrong fix: a plain restart loads the same configuration.
        await fleet.KubectlAsync("rollout", "restart", "deployment/checkout-service", "-n", "prod");
        await fleet.AssertStillActiveAfterAsync(id, TimeSpan.FromMinutes(12));

        // Right fix: rollback-config (kind-fleet/README.md) to revision 42, then a rolling restart.
        Assert.Contains("checkout-config-v43", await fleet.KubectlAsync("get", "controllerrevisions", "-n", "prod", "-l", "kubernaut.ai/configmap=checkout-config"));
        var data = await fleet.KubectlAsync("get", "controllerrevision", "checkout-config-v42", "-n", "prod", "-o", "jsonpath={.data.data}");
        await fleet.KubectlAsync("patch", "configmap", "checkout-config", "-n", "prod", "--type=json", "-p", $"[{{\"op\":\"replace\",\"path\":\"/data\",\"value\":{data}}}]");
        await fleet.KubectlAsync("rollout", "restart", "deployment/checkout-service", "-n", "prod");
        await fleet.WaitStateAsync(id, "recovered", 90);
        var memory = await Eventually.ValueAsync(
            () => fleet.QueryAsync("max(container_memory_working_set_bytes{cluster=\"prod-us-east\",container=\"checkout-service\"})"),
            v => v is not null && Math.Round(v.Value / MiB) == 340, "memory stable at 340Mi", 90);
        Assert.Equal(340, Math.Round(memory!.Value / MiB));
    }

    private async Task<List<DateTimeOffset>> OomKillsAsync()
    {
        var json = await fleet.KubectlAsync("get", "events", "-n", "default", "--field-selector", "reason=OOMKilling", "-o", "json");
        return [.. JsonDocument.Parse(json).RootElement.GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("message").GetString()!.Contains("(pod prod/checkout-service-", StringComparison.Ordinal))
            .Select(e => DateTimeOffset.Parse(e.GetProperty("firstTimestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture))];
    }

    private async Task<string> AllLogsAsync()
    {
        var pods = (await fleet.KubectlAsync("get", "pods", "-n", "prod", "-l", "app=checkout-service", "-o", "name")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var text = new System.Text.StringBuilder();
        foreach (var pod in pods)
        {
            text.Append(await fleet.KubectlAsync("logs", "-n", "prod", pod));
            var previous = await Support.Kubectl.RunAsync(fleet.KubeconfigPath, fleet.Cluster, "logs", "-n", "prod", pod, "--previous");
            text.Append(previous.Stdout);
        }

        return text.ToString();
    }
}
