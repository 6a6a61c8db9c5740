using System.Globalization;
using System.Text.RegularExpressions;

namespace Kubernaut.Hub.Investigation.Engine;

/// <summary>
/// Reasons over the case file. Each rule needs its own evidence (not the scenario's name): a failure that stops
/// containers from starting, a rollout or config change at the onset, memory at the limit with or without more
/// traffic, a dependency that lost endpoints, CPU throttled with the autoscaler at its ceiling. The first rule whose
/// evidence is all there wins; none → null (inconclusive).
/// </summary>
internal static partial class Diagnosis
{
    public static Verdict? Conclude(CaseFile f) =>
        MissingReference(f) ?? ImagePull(f) ?? LivenessAfterRollout(f) ?? OutOfMemory(f) ?? LostDependency(f) ?? CpuThrottling(f);

    private static Verdict? MissingReference(CaseFile f)
    {
        if (!PodStep.Waiting(f, "CreateContainerConfigError"))
        {
            return null;
        }

        var message = f.EventsWithReason("Failed").Select(e => e.Message ?? "").FirstOrDefault(m => MissingObject().IsMatch(m));
        if (message is null)
        {
            return null;
        }

        var match = MissingObject().Match(message);
        var (kind, name) = (match.Groups[1].Value.ToLowerInvariant(), match.Groups[2].Value);
        var rollout = f.Changes.FirstOrDefault(c => c.Kind == "Rollout");
        var facts = Base(f);
        facts[kind] = name;
        return new Verdict(
            $"The {kind} {name} that {f.Target.Name} reads does not exist, so its new pods cannot start (CreateContainerConfigError)",
            kind == "secret" ? ["missing-secret", "config-change"] : ["missing-configmap", "config-change"],
            Verdict.Score(0.7, 0.1, rollout is not null, f.Secrets.Contains(name) || f.ConfigMaps.Contains(name)),
            facts,
            $"So the root cause is the missing {kind} {name}, not the rollout itself{(rollout is null ? "" : $" (revision {rollout.Revision} only restarted the pods, which then needed it)")}: restarting or rolling back won't help until {name} exists again.");
    }

    private static Verdict? ImagePull(CaseFile f)
    {
        if (!PodStep.Waiting(f, "ImagePullBackOff", "ErrImagePull"))
        {
            return null;
        }

        var rollout = f.Changes.LastOrDefault(c => c.Kind == "Rollout");
        var image = f.Pods.SelectMany(p => p.Containers).FirstOrDefault(c => c.StateReason is "ImagePullBackOff" or "ErrImagePull")?.Image ?? f.Image;
        var facts = Base(f);
        facts["badImage"] = image ?? "";
        if (rollout?.PreviousRevision is { } previous)
        {
            facts["previousRevision"] = previous.ToString(CultureInfo.InvariantCulture);
        }

        return new Verdict(
            $"The rollout to {image} cannot pull its image, so the new pods never start{(rollout is null ? "" : $" ({rollout.Short})")}",
            ["image-pull", "bad-rollout"],
            Verdict.Score(0.7, 0.1, rollout is not null, f.EventsWithReason("Failed").Any(e => e.Message?.Contains("pull", StringComparison.OrdinalIgnoreCase) == true)),
            facts,
            $"So the root cause is the bad image in the rollout, not the cluster or the registry at large: the previous revision's pods still run; rolling back restores service.");
    }

    private static Verdict? LivenessAfterRollout(CaseFile f)
    {
        var liveness = f.EventsWithReason("Unhealthy").Where(e => e.Message?.StartsWith("Liveness probe failed", StringComparison.Ordinal) == true).ToList();
        if (liveness.Count == 0 || PodStep.Restarts(f) == 0 || PodStep.TerminatedBy(f, "OOMKilled") > 0)
        {
            return null;
        }

        var rollout = f.Changes.LastOrDefault(c => c.Kind == "Rollout");
        var facts = Base(f);
        if (rollout?.PreviousRevision is { } previous)
        {
            facts["previousRevision"] = previous.ToString(CultureInfo.InvariantCulture);
        }

        var probe = EventStep.Clip(liveness[0].Message ?? "", 100);
        return new Verdict(
            $"The liveness probe fails ({probe}), so the kubelet keeps killing {f.Target.Name}{(rollout is null ? "" : $"; it started with {rollout.Short}")}",
            rollout is null ? ["liveness-probe"] : ["liveness-probe", "bad-rollout", "regression"],
            Verdict.Score(0.6, 0.15, rollout is not null, PodStep.Waiting(f, "CrashLoopBackOff")),
            facts,
            $"So the root cause is {(rollout is null ? "the failing liveness probe" : "the new release's failing liveness probe")}, not memory or load: the containers are killed by the probe (no OOM kills{(f.Traffic is null ? ", traffic unchanged" : "")}).");
    }

    private static Verdict? OutOfMemory(CaseFile f)
    {
        var kills = f.OomKills.Count + PodStep.TerminatedBy(f, "OOMKilled");
        if (kills == 0)
        {
            return null;
        }

        var atLimit = f.Memory is { } m && f.MemoryLimitBytes is { } limit && m.Peak >= limit * 0.95;
        var facts = Base(f);
        if (f.Memory is { } mem)
        {
            facts["peakMemoryBytes"] = Math.Round(mem.Peak).ToString(CultureInfo.InvariantCulture);
            facts["peakMemory"] = Units.Mi(mem.Peak);
        }

        if (f.MemoryLimit is { } limitText)
        {
            facts["memoryLimit"] = limitText;
        }

        var config = f.Changes.LastOrDefault(c => c.Kind == "ConfigMap");
        var cacheLine = f.Logs.FirstOrDefault(l => LogStep.StatesCause(l.Line));
        if (config is not null)
        {
            facts["configmap"] = config.Object.Split('/')[1];
            facts["currentRevision"] = config.Revision.ToString(CultureInfo.InvariantCulture);
            if (config.PreviousRevision is { } previous)
            {
                facts["previousRevision"] = previous.ToString(CultureInfo.InvariantCulture);
            }

            var spike = f.Memory is { } jump ? $": memory jumped to {Units.Mi(jump.Peak)}{(f.MemoryLimit is { } l ? $" against the {l} limit" : "")}" : "";
            var traffic = f.Traffic is null && f.RequestRateNow is { } rps ? $" (requests steady at {Units.Number(rps)}/s)" : "";
            return new Verdict(
                $"A config reload at {Units.Clock(config.At)} ({config.Short}) made {f.Target.Name} use more memory than its limit{spike}; the pods are OOM-killed in a loop" +
                (cacheLine is null ? "" : $" (log: \"{cacheLine.Message}\")"),
                ["config-change", "oom-killed", "memory-limit"],
                Verdict.Score(0.6, 0.1, atLimit, cacheLine is not null, f.Traffic is null, kills >= 3),
                facts,
                f.Traffic is null
                    ? $"So the root cause is the config change, not a traffic spike{traffic}."
                    : $"So the root cause is the config change; traffic rose too ({Units.Number(f.Traffic.Before)} → {Units.Number(f.Traffic.After)}/s) but memory jumped at the reload.");
        }

        if (f.Traffic is { } load)
        {
            facts["replicas"] = (f.Workload?.Desired ?? 0).ToString(CultureInfo.InvariantCulture);
            facts["requestRateBefore"] = Units.Number(load.Before);
            facts["requestRateNow"] = Units.Number(load.After);
            return new Verdict(
                $"A traffic spike ({Units.Number(load.Before)} → {Units.Number(load.After)} requests/s from {Units.Clock(load.Onset)}) drives {f.Target.Name}'s memory past its {f.MemoryLimit ?? "memory"} limit; the pods are OOM-killed",
                ["oom-killed", "memory-limit", "resource-exhaustion", "capacity"],
                Verdict.Score(0.55, 0.1, atLimit, f.Changes.Count == 0, kills >= 3),
                facts,
                $"So the root cause is the traffic spike ({Units.Number(Math.Round(load.Factor, 1))}x the load per pod), not a config change: {(f.ConfigMaps.Count == 0 ? "it mounts no ConfigMap" : "its ConfigMaps did not change")} and nothing was rolled out before the onset.");
        }

        if (!atLimit && f.Memory is null)
        {
            return null;
        }

        return new Verdict(
            $"{f.Target.Name} exceeds its {f.MemoryLimit ?? "memory"} limit without a config change or more traffic (memory grows on its own); the pods are OOM-killed",
            ["oom-killed", "memory-limit"],
            Verdict.Score(0.45, 0.1, atLimit, kills >= 3),
            facts,
            "So the root cause is the memory limit being too small for what the service now holds, not a config change or a traffic spike (neither happened).");
    }

    private static Verdict? LostDependency(CaseFile f)
    {
        var lost = f.Dependencies.FirstOrDefault(d => d.Before is { } b && d.Ready < b);
        if (lost is null || (f.Latency is null && f.ErrorRatio is not > 0.01 && !f.Pools.Any(p => p.Dependency == lost.Name)))
        {
            return null;
        }

        var facts = Base(f);
        facts[lost.Kind == "StatefulSet" ? "statefulset" : "dependency"] = lost.Name;
        facts["desiredReplicas"] = lost.Before!.Value.ToString(CultureInfo.InvariantCulture);
        facts["readyReplicas"] = lost.Ready.ToString(CultureInfo.InvariantCulture);
        if (lost.Node is { } node)
        {
            facts["node"] = node;
        }

        var pool = f.Pools.FirstOrDefault(p => p.Dependency == lost.Name);
        var throttle = f.ThrottledRatio is { } t ? $" (CPU throttled {Units.Percent(t)} of periods)" : "";
        return new Verdict(
            $"{lost.Name} lost {lost.Before - lost.Ready} of {lost.Before} replicas at {(lost.DroppedAt is { } at ? Units.Clock(at) : "an unknown time")}" +
            $"{(lost.Node is { } n ? $" when node {n} was drained" : "")}; the remaining {Units.Plural(lost.Ready, "replica", "replicas")} cannot serve {f.Target.Name}'s load" +
            (pool is { Max: > 0 } ? $", its connection pool is exhausted ({Units.Number(pool.InUse)}/{Units.Number(pool.Max)})" : "") +
            (f.Latency is { } p99 ? $" and p99 latency went from {Units.Seconds(p99.Before)} to {Units.Seconds(p99.After)}" : ""),
            lost.Node is null ? ["replicas-lost", "capacity"] : ["replicas-lost", "node-drain", "capacity"],
            Verdict.Score(0.6, 0.1, pool is { Max: > 0 } && pool.InUse >= pool.Max * 0.9, lost.Node is not null, PodStep.Restarts(f) == 0, f.Logs.Any(l => LogStep.StatesCause(l.Line))),
            facts,
            $"So the root cause is the lost {lost.Name} replicas, not {f.Target.Name} itself (no restarts) or CPU throttling{throttle}.");
    }

    private static Verdict? CpuThrottling(CaseFile f)
    {
        if (f.ThrottledRatio is not { } throttled || throttled < 0.25 || (f.Latency is null && f.ErrorRatio is not > 0.01))
        {
            return null;
        }

        var atMax = f.Hpa is { } hpa && hpa.Current >= hpa.Max;
        var facts = Base(f);
        if (f.Hpa is { } h)
        {
            facts["hpa"] = f.Target.Name;
            facts["maxReplicas"] = Units.Number(h.Max);
            facts["currentReplicas"] = Units.Number(h.Current);
        }

        if (f.CpuLimit is { } cpu)
        {
            facts["cpuLimit"] = cpu;
        }

        var pools = f.Pools.Count == 0 ? "it has no saturated connection pool" : string.Join(", ", f.Pools.Select(p => $"pool {p.Dependency} at {Units.Number(p.InUse)}/{Units.Number(p.Max)}"));
        return new Verdict(
            $"{f.Target.Name} is CPU-starved: throttled in {Units.Percent(throttled)} of CFS periods{(f.CpuLimit is { } l ? $" at its {l} limit" : "")}" +
            (atMax ? $" while the HPA is at its maximum of {Units.Number(f.Hpa!.Value.Max)} replicas" : "") +
            (f.Traffic is { } load ? $" after traffic rose {Units.Number(load.Before)} → {Units.Number(load.After)}/s" : "") +
            (f.Latency is { } p99 ? $"; p99 latency {Units.Seconds(p99.Before)} → {Units.Seconds(p99.After)}" : ""),
            atMax ? ["cpu-saturation", "hpa-at-max", "capacity"] : ["cpu-saturation", "capacity"],
            Verdict.Score(0.6, 0.1, atMax, f.Traffic is not null, PodStep.Restarts(f) == 0),
            facts,
            $"So the root cause is CPU throttling{(atMax ? " with the autoscaler at its ceiling" : "")}, not a lost dependency: {pools} and no restarts.");
    }

    private static Dictionary<string, string> Base(CaseFile f)
    {
        var facts = new Dictionary<string, string>(StringComparer.Ordinal) { ["namespace"] = f.Target.Namespace, ["cluster"] = f.Target.Cluster };
        if (f.Workload is { } w)
        {
            facts[w.Kind.ToLowerInvariant()] = w.Name;
        }

        if (f.Container is { } c)
        {
            facts["container"] = c;
        }

        return facts;
    }

    [GeneratedRegex("(secret|configmap) \"([^\"]+)\" not found", RegexOptions.IgnoreCase)]
    private static partial Regex MissingObject();
}
