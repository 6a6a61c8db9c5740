using Kubernaut.Hub.Investigation.Spoke;
using Kubernaut.Hub.Investigation.Transcript;

namespace Kubernaut.Hub.Investigation.Engine;

/// <summary>
/// What changed shortly before the onset: a rollout of the workload (new revision, images) or a new revision of a
/// ConfigMap it reads (which keys, which lines). A change in <see cref="Before"/> of the onset is a suspect.
/// </summary>
internal static class ChangeStep
{
    public static readonly TimeSpan Before = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan After = TimeSpan.FromMinutes(2);

    public static async Task RunAsync(EvidenceReader reader, CaseFile file, TranscriptWriter transcript, CancellationToken ct)
    {
        var t = file.Target;
        var (from, to) = file.Onset is { } onset ? (onset - Before, onset + After) : (file.Now - Before, file.Now);
        var found = new List<string>();
        var workload = file.Workload;
        if (workload is { Kind: "Deployment" or "StatefulSet" })
        {
            var history = await reader.ListAsync<SpokeRevision>("get_rollout_history", "revisions",
                new() { ["namespace"] = t.Namespace, ["kind"] = workload.Kind, ["name"] = workload.Name }, ct);
            var ordered = history.Items.OrderBy(r => r.Revision).ToList();
            foreach (var revision in ordered.Where(r => r.CreatedAt is { } at && at >= from && at <= to && r.Revision > ordered[0].Revision))
            {
                var previous = ordered.LastOrDefault(r => r.Revision < revision.Revision);
                var images = previous is null || previous.Images.SequenceEqual(revision.Images)
                    ? "same images"
                    : $"image {string.Join(", ", previous.Images.Select(Short))} → {string.Join(", ", revision.Images.Select(Short))}";
                var what = $"{workload.Kind} {workload.Name} rolled out revision {revision.Revision} at {Units.ClockSeconds(revision.CreatedAt!.Value)}: {images}" +
                    (revision.ChangeCause is { Length: > 0 } cause ? $" (change cause: {cause})" : "");
                file.Changes.Add(new ChangeFinding("Rollout", $"{workload.Kind}/{workload.Name}", revision.Revision, previous?.Revision, revision.CreatedAt.Value, what,
                    $"{workload.Name} revision {revision.Revision}: {images}"));
                found.Add(what + Relative(file, revision.CreatedAt.Value) + ".");
                file.Note("get_rollout_history", what, "a rollout shortly before the onset", revision.CreatedAt);
            }
        }

        foreach (var name in file.ConfigMaps)
        {
            var cm = await reader.SingleAsync<SpokeConfigMap>("get_configmap", new() { ["namespace"] = t.Namespace, ["name"] = name, ["maxRevisions"] = 5 }, ct);
            if (cm is null)
            {
                continue;
            }

            var history = cm.History.OrderBy(r => r.Revision).ToList();
            foreach (var revision in history.Where(r => r.CreatedAt is { } at && at >= from && at <= to && r.ChangeFromPrevious is not null))
            {
                var previous = history.LastOrDefault(r => r.Revision < revision.Revision);
                var diff = previous is null ? "" : Diff(previous.Data, revision.Data, revision.ChangeFromPrevious!);
                var what = $"ConfigMap {name} changed to revision {revision.Revision} at {Units.ClockSeconds(revision.CreatedAt!.Value)}" +
                    $"{(previous is null ? "" : $" (from {previous.Revision})")}: {Keys(revision.ChangeFromPrevious!)}{diff}";
                file.Changes.Add(new ChangeFinding("ConfigMap", $"ConfigMap/{name}", revision.Revision, previous?.Revision, revision.CreatedAt.Value, what,
                    $"{name} revision {revision.Revision}: {(diff.Length > 0 ? diff.Trim(' ', '(', ')') : Keys(revision.ChangeFromPrevious!))}"));
                found.Add(what + Relative(file, revision.CreatedAt.Value) + ".");
                file.Note("get_configmap", what, "a configuration change shortly before the onset", revision.CreatedAt);
            }
        }

        var around = file.Onset is { } o ? $"around {Units.Clock(o)}" : "recently";
        var looked = $"{(workload is null ? "" : $"the rollout history of {workload.Name}")}{(file.ConfigMaps.Count > 0 ? $"{(workload is null ? "" : " and ")}ConfigMap{(file.ConfigMaps.Count > 1 ? "s" : "")} {string.Join(", ", file.ConfigMaps)}" : "")}";
        await transcript.SayAsync(found.Count > 0
            ? $"Looking for changes {around}… " + string.Join(" ", found)
            : $"Looking for changes {around}… nothing: no rollout and no ConfigMap revision in the {Units.Span(Before)} before it ({(looked.Length > 0 ? "checked " + looked : "it reads no ConfigMap")}).", ct);
        if (found.Count == 0)
        {
            file.Note("get_rollout_history/get_configmap", $"no rollout or ConfigMap change between {from:O} and {to:O}", "nothing was changed by hand or CD");
        }
    }

    private static string Relative(CaseFile file, DateTimeOffset at) => file.Onset is { } onset
        ? at <= onset ? $", {Units.Span(onset - at)} before the onset" : $", {Units.Span(at - onset)} after the onset"
        : "";

    private static string Keys(SpokeConfigChange change) => string.Join("; ", new[]
    {
        change.Changed.Count > 0 ? $"changed {string.Join(", ", change.Changed)}" : null,
        change.Added.Count > 0 ? $"added {string.Join(", ", change.Added)}" : null,
        change.Removed.Count > 0 ? $"removed {string.Join(", ", change.Removed)}" : null,
    }.OfType<string>());

    /// <summary>The lines that differ in each changed key (at most three), "old → new".</summary>
    private static string Diff(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after, SpokeConfigChange change)
    {
        var lines = new List<string>();
        foreach (var key in change.Changed)
        {
            var old = (before.GetValueOrDefault(key) ?? "").Split('\n');
            var now = (after.GetValueOrDefault(key) ?? "").Split('\n');
            for (var i = 0; i < Math.Max(old.Length, now.Length) && lines.Count < 3; i++)
            {
                var (o, n) = (i < old.Length ? old[i].Trim() : "", i < now.Length ? now[i].Trim() : "");
                if (o != n)
                {
                    lines.Add(o.Length == 0 ? $"+{n}" : n.Length == 0 ? $"-{o}" : $"{o} → {n}");
                }
            }
        }

        return lines.Count > 0 ? $" ({string.Join("; ", lines)})" : "";
    }

    private static string Short(string image) => image.LastIndexOf('/') is var i and >= 0 ? image[(i + 1)..] : image;
}
