using Kubernaut.KindFleet.Controllers.Nodes;
using Kubernaut.KindFleet.Tests.Support;

namespace Kubernaut.KindFleet.Tests.Controllers;

/// <summary>A fleet whose containers named "leaky" are OOM-killed five simulated seconds after each start.</summary>
public sealed class LeakyFleetFixture : WorkloadFleetFixture
{
    public LeakyFleetFixture()
    {
        Configure = b => b.Services.AddSingleton<IContainerBehavior, LeakyBehavior>();
    }

    private sealed class LeakyBehavior : IContainerBehavior
    {
        public TimeSpan? ResyncInterval => TimeSpan.FromSeconds(1);

        public ContainerVerdict Evaluate(ContainerContext context) =>
            context.Container["name"]?.GetValue<string>() == "leaky" && context.RunningSince is { } since && context.Now - since >= TimeSpan.FromSeconds(5)
                ? new ContainerVerdict.Exits("OOMKilled", 137, ["fatal: out of memory"])
                : new HealthyContainerBehavior().Evaluate(context);
    }
}

public sealed class ContainerBehaviorTests(LeakyFleetFixture fleet) : IClassFixture<LeakyFleetFixture>
{
    private const string Context = "staging";

    [Fact]
    public async Task Kubelet_BehaviorOomKillsContainer_RestartsWithBackOffAndKeepsPreviousLogs()
    {
        await Eventually.ApplyAsync(fleet, Context, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: leaky
              namespace: default
            spec:
              containers:
              - name: leaky
                image: registry.example.com/test/leaky:1.0.0
            """);

        var state = await Eventually.KubectlAsync(fleet, Context, o => o.StartsWith("OOMKilled 137 ", StringComparison.Ordinal) && int.Parse(o.Split(' ')[2]) >= 2,
            "two OOM kills", "get", "pod", "leaky",
            "-o", "jsonpath={.status.containerStatuses[0].lastState.terminated.reason} {.status.containerStatuses[0].lastState.terminated.exitCode} {.status.containerStatuses[0].restartCount}");
        var previous = await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "logs", "leaky", "--previous");
        var events = await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "get", "events", "--field-selector", "involvedObject.name=leaky,reason=BackOff", "-o", "jsonpath={.items[*].message}");

        Assert.StartsWith("OOMKilled 137", state);
        Assert.Contains("fatal: out of memory", previous);
        Assert.Contains("Back-off restarting failed container leaky in pod leaky_default", events);
    }
}
