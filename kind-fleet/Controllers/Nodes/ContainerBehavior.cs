using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Fleet;

namespace Kubernaut.KindFleet.Controllers.Nodes;

/// <summary>
/// Decides what a simulated container does; the kubelet asks before starting a container and, while it runs, on
/// every pass that looks at its pod. The default is <see cref="HealthyContainerBehavior"/>; a workload-fault
/// simulation registers its own (OOMKilled after a while, an image that cannot be pulled, a failing readiness probe).
/// </summary>
internal interface IContainerBehavior
{
    /// <summary>How often running pods are re-evaluated even when nothing about them changed (null: never).</summary>
    TimeSpan? ResyncInterval { get; }

    ContainerVerdict Evaluate(ContainerContext context);
}

/// <param name="RunningSince">When the current instance started; null when the kubelet is about to start it.</param>
internal sealed record ContainerContext(
    SimulatedCluster Cluster,
    JsonObject Pod,
    JsonObject Container,
    int RestartCount,
    DateTimeOffset? RunningSince,
    DateTimeOffset Now);

/// <summary>What a container does now, which the kubelet turns into container states, restarts, events and logs.</summary>
internal abstract record ContainerVerdict
{
    /// <summary>Starts (or keeps running) and passes readiness after the kubelet's readiness delay.</summary>
    internal sealed record Healthy(IReadOnlyList<string> StartupLog) : ContainerVerdict;

    /// <summary>The image cannot be pulled: ErrImagePull, then ImagePullBackOff with growing back-off.</summary>
    internal sealed record ImagePullFails(string Message) : ContainerVerdict;

    /// <summary>
    /// The running container terminated (OOMKilled/137, Error/1, Completed/0) and is restarted with back-off. <paramref name="At"/>
    /// is when it happened, if the behaviour knows it exactly (a memory curve crossing the limit): termination, back-off and
    /// the restart are then placed on the simulated timeline however late the kubelet's pass runs.
    /// </summary>
    internal sealed record Exits(string Reason, int ExitCode, IReadOnlyList<string> LastLog, DateTimeOffset? At = null) : ContainerVerdict;

    /// <summary>The container cannot be created (a referenced Secret or ConfigMap is missing): CreateContainerConfigError.</summary>
    internal sealed record ConfigError(string Message) : ContainerVerdict;

    /// <summary>Runs but its readiness probe fails with this message (Unhealthy events, Ready=False).</summary>
    internal sealed record Unready(string ProbeMessage) : ContainerVerdict;
}

/// <summary>Every container pulls, starts, logs a few startup lines and becomes ready.</summary>
internal sealed class HealthyContainerBehavior : IContainerBehavior
{
    public TimeSpan? ResyncInterval => null;

    public ContainerVerdict Evaluate(ContainerContext context) =>
        new ContainerVerdict.Healthy(context.RunningSince is null ? StartupLogs.For(context.Pod, context.Container) : []);
}
