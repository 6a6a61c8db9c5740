using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Simulation;

namespace Kubernaut.KindFleet.Scenarios;

/// <summary>What a scenario works with: the cluster it breaks and the physics it can ask about health.</summary>
internal sealed record ScenarioContext(SimulatedCluster Cluster, WorkloadPhysics Physics);

/// <summary>One step of a scenario's script, at an offset from its start.</summary>
internal sealed record ScenarioStep(TimeSpan After, string What, Action<ScenarioContext> Apply);

/// <summary>
/// A fault an SRE meets. It only changes cluster state the way the real incident did (its steps); the workload physics
/// does the rest. Whether it is still going on is observed from the cluster (<see cref="IsHealthy"/>), never from which
/// remediation ran.
/// </summary>
internal abstract class Scenario
{
    public abstract string Name { get; }

    public abstract string Description { get; }

    public abstract string DefaultCluster { get; }

    public virtual string Namespace => "prod";

    /// <summary>The workload the incident is about (kind, name).</summary>
    public abstract (string Kind, string Name) Target { get; }

    public abstract IReadOnlyList<string> RightFixes { get; }

    public abstract IReadOnlyList<string> WrongFixes { get; }

    public abstract IReadOnlyList<ScenarioStep> Steps(ScenarioContext context);

    /// <summary>Whether the target is healthy now (all replicas ready and nothing in the physics says it will fail).</summary>
    public abstract bool IsHealthy(ScenarioContext context);

    /// <summary>Whether the cluster has what the scenario needs (the seed's workload).</summary>
    public virtual bool Applies(ScenarioContext context) =>
        WorkloadHealth.Exists(context.Cluster, Namespace, Target.Kind, Target.Name);
}
