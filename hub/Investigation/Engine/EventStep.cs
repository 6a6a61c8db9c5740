using Kubernaut.Hub.Investigation.Spoke;
using Kubernaut.Hub.Investigation.Transcript;

namespace Kubernaut.Hub.Investigation.Engine;

/// <summary>
/// Events about the workload's objects (its pods, ReplicaSets, itself) and the kernel's OOM kills of its containers
/// (node events naming the pod): how many of each reason in the event window, on which pods, since when.
/// </summary>
internal static class EventStep
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(30);

    private static readonly string[] Noise = ["Scheduled", "Pulled", "Created", "Started", "SuccessfulCreate", "ScalingReplicaSet", "Pulling", "SuccessfulDelete"];

    public static async Task RunAsync(EvidenceReader reader, CaseFile file, TimeSpan lookback, CancellationToken ct)
    {
        var t = file.Target;
        var since = $"{(int)lookback.TotalMinutes}m";
        var own = await reader.ListAsync<SpokeEvent>("list_events", "events", new() { ["namespace"] = t.Namespace, ["since"] = since, ["limit"] = 200 }, ct);
        var kernel = await reader.ListAsync<SpokeEvent>("list_events", "events", new() { ["namespace"] = "*", ["reason"] = "OOMKilling", ["since"] = since, ["limit"] = 200 }, ct);
        var prefix = WorkloadName(file) + "-";
        file.Events.AddRange(own.Items.Concat(kernel.Items).Where(e => About(e, t.Namespace, prefix)).DistinctBy(e => (e.Object, e.Reason, e.Message, e.LastSeen)));
        foreach (var kill in file.EventsWithReason("OOMKilling", "OOMKilled"))
        {
            if (kill.LastSeen is { } at)
            {
                file.OomKills.Add(at);
            }
        }

        file.OomKills.Sort();
    }

    public static async Task NarrateAsync(CaseFile file, TranscriptWriter transcript, CancellationToken ct)
    {
        var inWindow = file.Events.Where(e => e.LastSeen is { } at && at > file.WindowEnd - Window && at <= file.WindowEnd).ToList();
        var when = file.WindowEnd >= file.Now - TimeSpan.FromMinutes(5) ? "in the last 30 minutes" : $"in the 30 minutes up to the alert at {Units.Clock(file.WindowEnd)}";
        var kills = file.OomKills.Where(k => k > file.WindowEnd - Window && k <= file.WindowEnd).ToList();
        var parts = new List<string>();
        if (kills.Count > 0)
        {
            var sets = inWindow.Where(e => e.Reason is "OOMKilling" or "OOMKilled").Select(e => ReplicaSetOf(PodOf(e))).Distinct().ToList();
            var on = sets.Count == 1 ? $"all on {sets[0]}" : $"on {sets.Count} ReplicaSets ({string.Join(", ", sets)})";
            parts.Add($"I see {kills.Count} OOMKilled events {when}, {on}; the first at {Units.ClockSeconds(kills[0])}.");
            if (file.MemoryLimit is { } limit)
            {
                parts.Add($"The memory limit is set to {limit}.");
            }

            file.Note("list_events", $"{kills.Count} OOM kills {when} ({string.Join(", ", sets)}), first at {kills[0]:O}", "the containers exceed their memory limit", kills[0]);
            file.Onset = Earliest(file.Onset, file.OomKills[0]);
        }

        var others = inWindow.Where(e => e.Reason is not ("OOMKilling" or "OOMKilled") && !Noise.Contains(e.Reason))
            .GroupBy(e => e.Reason).OrderByDescending(g => g.Sum(e => e.Count)).Take(4).ToList();
        foreach (var group in others)
        {
            var latest = group.OrderByDescending(e => e.LastSeen).First();
            var count = group.Sum(e => Math.Max(1, e.Count));
            parts.Add($"{(parts.Count == 0 ? "I see " : "")}{count} {group.Key} event{(count == 1 ? "" : "s")}{(latest.Message is { Length: > 0 } m ? $" (\"{Clip(m)}\")" : "")}.");
            file.Note("list_events", $"{count} {group.Key} events {when}; latest: {latest.Message}", null, latest.LastSeen);
            if (group.Key is "Failed" or "Unhealthy" or "BackOff" && group.Min(e => e.FirstSeen) is { } first)
            {
                file.Onset = Earliest(file.Onset, first);
            }
        }

        var text = parts.Count == 0
            ? $"Checking events first… nothing unusual {when}: no kills, back-offs, probe or pull failures on its pods."
            : "Checking events first… " + string.Join(" ", parts);
        await transcript.SayAsync(text, ct);
    }

    public static string WorkloadName(CaseFile file) => file.Workload?.Name ?? file.Target.Name;

    public static string PodOf(SpokeEvent e)
    {
        // A kernel OOM event is about the node; the pod is named at the end of its message: "(pod ns/name)".
        if (e.Message is { } m && m.LastIndexOf("(pod ", StringComparison.Ordinal) is var i and >= 0)
        {
            var inner = m[(i + 5)..].TrimEnd(')');
            return inner.Contains('/', StringComparison.Ordinal) ? inner[(inner.IndexOf('/', StringComparison.Ordinal) + 1)..] : inner;
        }

        return e.Object.Contains('/', StringComparison.Ordinal) ? e.Object[(e.Object.IndexOf('/', StringComparison.Ordinal) + 1)..] : e.Object;
    }

    /// <summary><c>checkout-service-7b4d9f8c6-x2k4p</c> → <c>checkout-service-7b4d9f8c6</c> (a Deployment's pods carry their ReplicaSet's name).</summary>
    public static string ReplicaSetOf(string pod) => pod.LastIndexOf('-') is var i and > 0 ? pod[..i] : pod;

    public static string Clip(string text, int max = 140) => text.Length <= max ? text : text[..max] + "…";

    public static DateTimeOffset Earliest(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x < b ? x : b;

    private static bool About(SpokeEvent e, string ns, string prefix)
    {
        var name = e.Object.Contains('/', StringComparison.Ordinal) ? e.Object[(e.Object.IndexOf('/', StringComparison.Ordinal) + 1)..] : e.Object;
        return (e.Namespace == ns && (name.StartsWith(prefix, StringComparison.Ordinal) || name == prefix.TrimEnd('-')))
            || (e.Message?.Contains($"(pod {ns}/{prefix}", StringComparison.Ordinal) ?? false);
    }
}
