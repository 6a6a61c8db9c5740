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
    private readonly Histogram _phaseDuration;

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
        // 50 ms to about 27 min: a scripted stage takes milliseconds, an investigation seconds, an approval may wait longer (+Inf).
        _phaseDuration = factory.CreateHistogram("kubernaut_hub_phase_duration_seconds", "Time a RemediationRequest spent in a phase, observed when it left it",
            new HistogramConfiguration { LabelNames = ["phase"], Buckets = Histogram.ExponentialBuckets(0.05, 2, 16) });
    }

    public CollectorRegistry Registry { get; }

    /// <summary>Creates metrics on <see cref="Registry"/> (the HTTP request metrics use it).</summary>
    public IMetricFactory Factory { get; }

    /// <summary>outcome: created, deduplicated, resolved, rejected.</summary>
    public void Signal(string source, string outcome, int count = 1) => _signals.WithLabels(source, outcome).Inc(count);

    public void Created() => _created.Inc();

    public void Transition(string phase) => _transitions.WithLabels(phase).Inc();

    public void SetLeader(bool leader) => _leader.Set(leader ? 1 : 0);

    public void LeftPhase(string phase, TimeSpan spent) => _phaseDuration.WithLabels(phase).Observe(Math.Max(0, spent.TotalSeconds));
}
