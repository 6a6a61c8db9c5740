using Kubernaut.KindFleet.Tests.Controllers;
using Kubernaut.KindFleet.Tests.Support;

namespace Kubernaut.KindFleet.Tests.Scenarios;

/// <summary>
/// Seed story 1's other right fix (restart-and-patch-memory): the configuration stays as it is, but a 768Mi limit holds
/// the whole cache (623Mi with eviction disabled), so the pods stop being OOMKilled.
/// </summary>
[Collection(nameof(TimingSensitiveCollection))]
public sealed class MemoryLimitFixTests(ProdUsEastFleet fleet) : IClassFixture<ProdUsEastFleet>
{
    private const double MiB = 1024 * 1024;
    private const string Checkout = "cluster=\"prod-us-east\",namespace=\"prod\",container=\"checkout-service\"";

    [Fact]
    public async Task RaiseMemoryLimitTo768MiAndRestart_OomAfterConfigChange_RecoversWithFullCacheUnderLimit()
    {
        var id = await fleet.StartAsync("oom-after-config-change");
        await fleet.WaitStateAsync(id, "active");
        await Eventually.ValueAsync(() => fleet.QueryAsync($"sum(kube_pod_container_status_last_terminated_reason{{{Checkout},reason=\"OOMKilled\"}})"),
            v => v >= 1, "a checkout-service container OOMKilled");

        await fleet.KubectlAsync("set", "resources", "deployment/checkout-service", "-n", "prod", "-c", "checkout-service", "--limits=memory=768Mi");
        await fleet.KubectlAsync("rollout", "restart", "deployment/checkout-service", "-n", "prod");

        await fleet.WaitStateAsync(id, "recovered", 90);
        Assert.Contains("eviction: disabled", await fleet.KubectlAsync("get", "configmap", "checkout-config", "-n", "prod", "-o", "jsonpath={.data.config\\.yaml}"));
        var full = await Eventually.ValueAsync(() => fleet.QueryAsync($"max(container_memory_working_set_bytes{{{Checkout}}})"),
            v => v is not null && Math.Round(v.Value / MiB) == 623, "the new pods' cache to fill up to 623Mi", 90);
        Assert.Equal(623, Math.Round(full!.Value / MiB));
        Assert.Equal(768, Math.Round((await fleet.QueryAsync($"max(container_spec_memory_limit_bytes{{{Checkout}}})"))!.Value / MiB));
        Assert.Equal(768, Math.Round((await fleet.QueryAsync($"min(container_spec_memory_limit_bytes{{{Checkout}}})"))!.Value / MiB));
        Assert.Equal(0, await fleet.QueryAsync($"sum(kube_pod_container_status_restarts_total{{{Checkout}}})"));
        Assert.Equal("recovered", await fleet.StateAsync(id));
    }
}
