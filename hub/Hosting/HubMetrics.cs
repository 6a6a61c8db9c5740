using Prometheus;

namespace Kubernaut.Hub.Hosting;

/// <summary>
/// The hub's Prometheus metrics, on a registry of its own (not prometheus-net's static default), so two hubs in one
/// process (tests) each report their own numbers.
/// </summary>
internal sealed class HubMetrics
{
    private readonly Counter _signals;
    private readonly Counter _created;
    private readonly Counter _transitions;
    private readonly Gauge _leader;

    public HubMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        // process_* and dotnet_* (CPU, memory, GC, thread pool): what an SRE looks at first when the hub slows down.
        DotNetStats.Register(Registry);
        var factory = Metrics.WithCustomRegistry(Registry);
        Factory = factory;
        _signals = factory.CreateCounter("kubernaut_hub_signals_total", "Signals received, by source and outcome", "source", "outcome");
        _created = factory.CreateCounter("kubernaut_hub_remediations_created_total", "RemediationRequests opened");
        _transitions = factory.CreateCounter("kubernaut_hub_remediation_transitions_total", "Phase transitions, by the phase entered", "phase");
        _leader = factory.CreateGauge("kubernaut_hub_leader", "1 while this replica holds the leader lease");
    }

    public CollectorRegistry Registry { get; }

    /// <summary>Creates metrics on <see cref="Registry"/> (the HTTP request metrics use it).</summary>
    public IMetricFactory Factory { get; }

    /// <summary>outcome: created, deduplicated, resolved, rejected.</summary>
    public void Signal(string source, string outcome, int count = 1) => _signals.WithLabels(source, outcome).Inc(count);

    public void Created() => _created.Inc();

    public void Transition(string phase) => _transitions.WithLabels(phase).Inc();

    public void SetLeader(bool leader) => _leader.Set(leader ? 1 : 0);
}
