using Kubernaut.Hub.Investigation.Transcript;

namespace Kubernaut.Hub.Investigation.Engine;

/// <summary>The pods' health: how many run and are ready, restarts, why the last instances ended, what they wait on.</summary>
internal static class PodStep
{
    public static async Task NarrateAsync(CaseFile file, TranscriptWriter transcript, CancellationToken ct)
    {
        var pods = file.Pods;
        if (pods.Count == 0)
        {
            await transcript.SayAsync("Checking pod health… it has no pods at all right now.", ct);
            file.Note("get_pods", "no pods");
            return;
        }

        var containers = pods.SelectMany(p => p.Containers.Where(c => file.Container is null || c.Name == file.Container)).ToList();
        var ready = containers.Count(c => c.Ready);
        var restarts = containers.Sum(c => c.RestartCount);
        var running = pods.Count(p => p.Phase == "Running");
        var terminated = containers.Where(c => c.LastTerminationReason is not null).GroupBy(c => c.LastTerminationReason!).ToList();
        var waiting = containers.Where(c => c.StateReason is not null && c.State == "waiting").GroupBy(c => c.StateReason!).ToList();
        string text;
        if (restarts == 0 && waiting.Count == 0 && ready == containers.Count)
        {
            text = $"Checking pod health… All {pods.Count} replicas are running with no restarts, so it's not a crash loop.";
        }
        else
        {
            var parts = new List<string> { $"{pods.Count} pods, {ready} of {containers.Count} ready, {Units.Plural(restarts, "restart", "restarts")} in total" };
            parts.AddRange(terminated.Select(g => $"last instance ended {g.Key}{ExitCode(g)} on {g.Count()}"));
            parts.AddRange(waiting.Select(g => $"waiting in {g.Key} on {g.Count()}"));
            text = "Checking pod health… " + string.Join("; ", parts) + ".";
        }

        file.Note("get_pods", $"{pods.Count} pods ({running} running), {ready}/{containers.Count} ready, {restarts} restarts; " +
            string.Join(", ", terminated.Select(g => $"terminated {g.Key} ×{g.Count()}").Concat(waiting.Select(g => $"waiting {g.Key} ×{g.Count()}"))));
        await transcript.SayAsync(text, ct);
    }

    public static bool Waiting(CaseFile file, params string[] reasons) =>
        file.Pods.SelectMany(p => p.Containers).Any(c => c.StateReason is { } r && reasons.Contains(r, StringComparer.Ordinal));

    public static int Restarts(CaseFile file) => file.Pods.SelectMany(p => p.Containers).Sum(c => c.RestartCount);

    public static int TerminatedBy(CaseFile file, string reason) =>
        file.Pods.SelectMany(p => p.Containers).Count(c => c.LastTerminationReason == reason);

    private static string ExitCode(IEnumerable<Spoke.SpokeContainer> group) =>
        group.Select(c => c.LastExitCode).FirstOrDefault(c => c is not null) is { } code ? $" (exit {code})" : "";
}
