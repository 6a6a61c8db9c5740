using Kubernaut.Hub.Investigation.Spoke;
using Kubernaut.Hub.Remediation;

namespace Kubernaut.Hub.Investigation.Engine;

/// <summary>A change found near the onset: a ConfigMap revision or a rollout.</summary>
internal sealed record ChangeFinding(string Kind, string Object, long Revision, long? PreviousRevision, DateTimeOffset At, string What, string Short);

/// <summary>A repeated log line: how often it appeared, in how many pods, and whether in crashed (previous) instances.</summary>
internal sealed record LogFinding(string Message, string Line, int Count, int Pods, bool Previous);

/// <summary>A dependency's serving capacity: endpoints ready now against how many there were, and what took them.</summary>
internal sealed record DependencyFinding(string Name, string? Kind, int Ready, int NotReady, int? Before, DateTimeOffset? DroppedAt, string? Node, DateTimeOffset? NodeCordonedAt,
    IReadOnlyList<string> PodsLost);

/// <summary>A connection pool of the workload towards a dependency.</summary>
internal sealed record PoolFinding(string Dependency, double InUse, double Max, double Pending);

/// <summary>Everything the deterministic investigation has read so far, and the evidence chain it wrote.</summary>
internal sealed class CaseFile(InvestigationTarget target)
{
    public InvestigationTarget Target { get; } = target;

    /// <summary>The evidence clock (the metrics backend's now; the hub's clock without one).</summary>
    public DateTimeOffset Now { get; set; }

    /// <summary>The end of the event window: when the alert fired, or now.</summary>
    public DateTimeOffset WindowEnd { get; set; }

    public SpokeWorkload? Workload { get; set; }

    public SpokeDescription? Description { get; set; }

    public string? Container { get; set; }

    public string? Image { get; set; }

    public double? MemoryLimitBytes { get; set; }

    public string? MemoryLimit { get; set; }

    public string? CpuLimit { get; set; }

    public List<string> ConfigMaps { get; } = [];

    public List<string> Secrets { get; } = [];

    public Dictionary<string, string> Env { get; } = new(StringComparer.Ordinal);

    public List<SpokePod> Pods { get; } = [];

    public List<SpokeEvent> Events { get; } = [];

    public List<DateTimeOffset> OomKills { get; } = [];

    public StepChange? Memory { get; set; }

    public StepChange? Latency { get; set; }

    public StepChange? Traffic { get; set; }

    public double? RequestRateNow { get; set; }

    public double? ErrorRatio { get; set; }

    public double? ThrottledRatio { get; set; }

    public (double Current, double Max)? Hpa { get; set; }

    public List<PoolFinding> Pools { get; } = [];

    public List<ChangeFinding> Changes { get; } = [];

    public List<LogFinding> Logs { get; } = [];

    public List<DependencyFinding> Dependencies { get; } = [];

    public List<SpokeNode> CordonedNodes { get; } = [];

    /// <summary>When the trouble started, from the earliest hard evidence (first kill, metric step, first failure event).</summary>
    public DateTimeOffset? Onset { get; set; }

    public List<EvidenceItem> Evidence { get; } = [];

    public List<string> Warnings { get; } = [];

    public void Note(string source, string finding, string? significance = null, DateTimeOffset? at = null) =>
        Evidence.Add(new EvidenceItem(source, finding, significance, at));

    public IEnumerable<SpokeEvent> EventsWithReason(params string[] reasons) =>
        Events.Where(e => reasons.Contains(e.Reason, StringComparer.OrdinalIgnoreCase));

    public int CountInWindow(IEnumerable<SpokeEvent> events, TimeSpan window) =>
        events.Where(e => e.LastSeen is { } t && t > WindowEnd - window && t <= WindowEnd).Sum(e => Math.Max(1, e.Count));
}
