using System.Collections.Concurrent;
using System.Security.Cryptography;
using Kubernaut.KindFleet.Controllers;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Resources;
using Kubernaut.KindFleet.Simulation;

namespace Kubernaut.KindFleet.Scenarios;

/// <summary>Where a running scenario is: its steps not yet applied, or the fault seen, or health seen again after it.</summary>
internal enum ScenarioState
{
    Starting,
    Active,
    Recovered,
}

/// <summary>One started scenario on one cluster.</summary>
internal sealed class ScenarioRun(string id, Scenario scenario, SimulatedCluster cluster, DateTimeOffset startedAt)
{
    private readonly Lock _lock = new();

    public string Id { get; } = id;

    public Scenario Scenario { get; } = scenario;

    public SimulatedCluster Cluster { get; } = cluster;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public int StepsApplied { get; set; }

    /// <summary>The timer that plays a deferred start's first steps on time (between observation passes).</summary>
    public ITimer? Onset { get; set; }

    public List<(DateTimeOffset At, string What)> Timeline { get; } = [];

    public ScenarioState State { get; private set; }

    public DateTimeOffset? FaultSeenAt { get; private set; }

    public DateTimeOffset? RecoveredAt { get; private set; }

    /// <summary>Moves on what the cluster shows: unhealthy after the steps → active; healthy after active → recovered (and back).</summary>
    public void Observe(bool healthy, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!healthy && State != ScenarioState.Active)
            {
                State = ScenarioState.Active;
                FaultSeenAt ??= now;
                RecoveredAt = null;
            }
            else if (healthy && State == ScenarioState.Active)
            {
                State = ScenarioState.Recovered;
                RecoveredAt = now;
            }
        }
    }
}

/// <summary>
/// Starts scenarios and plays their steps on the fleet clock; every few simulated seconds observes each one's health.
/// Several can run at once (on different clusters, or on different targets of one cluster).
/// </summary>
internal sealed class ScenarioRunner(IEnumerable<Scenario> scenarios, WorkloadPhysics physics, SimulatedFleet fleet) : IClusterController
{
    private static readonly TimeSpan ObserveEvery = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, ScenarioRun> _runs = new(StringComparer.Ordinal);

    public IReadOnlyList<Scenario> Scenarios { get; } = [.. scenarios.OrderBy(s => s.Name, StringComparer.Ordinal)];

    public IReadOnlyCollection<GroupResource> Watches { get; } = [];

    public bool RunsOn(SimulatedCluster cluster) => cluster.Name != SimulatedFleet.HubName;

    public ScenarioRun? Find(string id) => _runs.GetValueOrDefault(id);

    public IEnumerable<ScenarioRun> Runs => _runs.Values.OrderBy(r => r.StartedAt);

    /// <summary>
    /// Starts a scenario: its first steps apply at once, or at <paramref name="at"/> on the fleet clock (so a story's onset
    /// carries the time of day it had, e.g. the seed's 03:14 reload). Throws <see cref="ArgumentException"/> for unknown
    /// names or clusters and for a start in the simulated past, which cannot be written any more.
    /// </summary>
    public ScenarioRun Start(string name, string? clusterName, DateTimeOffset? at = null)
    {
        var scenario = Scenarios.FirstOrDefault(s => s.Name == name) ?? throw new ArgumentException($"unknown scenario \"{name}\"");
        var cluster = fleet.Find(clusterName ?? scenario.DefaultCluster) ?? throw new ArgumentException($"unknown cluster \"{clusterName}\"");
        var context = new ScenarioContext(cluster, physics);
        if (!scenario.Applies(context))
        {
            throw new ArgumentException($"cluster {cluster.Name} has no {scenario.Target.Kind} {scenario.Namespace}/{scenario.Target.Name}");
        }

        var now = cluster.Time.GetUtcNow();
        if (at < now)
        {
            throw new ArgumentException($"at {at:O} is in the past of cluster {cluster.Name}'s clock ({now:O})");
        }

        var id = "sc-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
        var run = new ScenarioRun(id, scenario, cluster, at ?? now);
        lock (run)
        {
            _runs[id] = run;
            Play(run, now);
            if (run.StartedAt > now)
            {
                run.Onset = cluster.Time.CreateTimer(_ => PlayOnset(run), null, run.StartedAt - now, Timeout.InfiniteTimeSpan);
            }
        }

        return run;
    }

    public TimeSpan? Reconcile(SimulatedCluster cluster)
    {
        var now = cluster.Time.GetUtcNow();
        var wait = ObserveEvery;
        foreach (var run in _runs.Values.Where(r => r.Cluster == cluster))
        {
            lock (run)
            {
                var next = Play(run, now);
                if (next is { } n && n - now < wait)
                {
                    wait = n - now;
                }

                if (run.StepsApplied > 0)
                {
                    run.Observe(run.Scenario.IsHealthy(new ScenarioContext(cluster, physics)), now);
                }
            }
        }

        return wait;
    }

    /// <summary>
    /// A deferred start's onset. A timer scaled to the fleet clock can fire a hair before the instant it was set for;
    /// it is re-armed for the remainder then, so nothing the onset sets off (an OOM kill, its event) is stamped before it.
    /// </summary>
    private void PlayOnset(ScenarioRun run)
    {
        lock (run)
        {
            var now = run.Cluster.Time.GetUtcNow();
            if (now < run.StartedAt)
            {
                run.Onset?.Change(run.StartedAt - now, Timeout.InfiniteTimeSpan);
                return;
            }

            Play(run, now);
            run.Onset?.Dispose();
            run.Onset = null;
        }
    }

    /// <summary>Applies the steps that are due; returns when the next one is.</summary>
    private DateTimeOffset? Play(ScenarioRun run, DateTimeOffset now)
    {
        var context = new ScenarioContext(run.Cluster, physics);
        var steps = run.Scenario.Steps(context);
        while (run.StepsApplied < steps.Count && run.StartedAt + steps[run.StepsApplied].After <= now)
        {
            var step = steps[run.StepsApplied];
            step.Apply(context);
            run.Timeline.Add((run.StartedAt + step.After, step.What));
            run.StepsApplied++;
        }

        return run.StepsApplied < steps.Count ? run.StartedAt + steps[run.StepsApplied].After : null;
    }
}
