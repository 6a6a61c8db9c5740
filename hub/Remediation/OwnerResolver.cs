using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Kubernaut.Hub.Fleet;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Remediation;

/// <summary>
/// Walks owner references on the spoke (Pod → ReplicaSet → Deployment, Pod → StatefulSet, Job → CronJob) to the
/// top-level owner that a fingerprint names. Results are reused for a while: a burst of alerts on one pod costs one walk.
/// </summary>
internal sealed partial class OwnerResolver(ISpokeReader spokes, IOptions<FleetOptions> options, TimeProvider time)
{
    private const int MaxDepth = 6;
    private readonly ConcurrentDictionary<(string Cluster, ObjectRef Start), (ObjectRef Top, DateTimeOffset At)> _cache = new();

    public async Task<ObjectRef> TopLevelOwnerAsync(string cluster, ObjectRef start, CancellationToken ct)
    {
        if (_cache.TryGetValue((cluster, start), out var hit) && time.GetUtcNow() - hit.At < options.Value.OwnerCacheTtl)
        {
            return hit.Top;
        }

        var top = await WalkAsync(cluster, start, ct);
        _cache[(cluster, start)] = (top, time.GetUtcNow());
        return top;
    }

    private async Task<ObjectRef> WalkAsync(string cluster, ObjectRef start, CancellationToken ct)
    {
        var current = start;
        for (var depth = 0; depth < MaxDepth; depth++)
        {
            var obj = await spokes.GetAsync(cluster, current, ct);
            if (obj is null)
            {
                return depth == 0 ? await GuessFromNameAsync(cluster, start, ct) : current;
            }

            current = obj.Ref;
            var owner = obj.Owners.FirstOrDefault(o => o.Controller) ?? obj.Owners.FirstOrDefault();
            if (owner is null || !WorkloadKinds.IsFollowed(owner.Kind))
            {
                return current;
            }

            current = new ObjectRef(owner.ApiVersion, owner.Kind, current.Namespace, owner.Name);
        }

        return current;
    }

    /// <summary>
    /// The alert may name a pod that is already gone (restarted, rescheduled). Its generated name still tells the owner:
    /// <c>web-7d4b9c-x2x9z</c> belongs to Deployment <c>web</c>, <c>db-0</c> to StatefulSet <c>db</c>, when those exist.
    /// </summary>
    private async Task<ObjectRef> GuessFromNameAsync(string cluster, ObjectRef start, CancellationToken ct)
    {
        if (start.Kind != "Pod")
        {
            return start;
        }

        var candidates = new List<ObjectRef>();
        if (DeploymentPod().Match(start.Name) is { Success: true } d)
        {
            candidates.Add(new ObjectRef("apps/v1", "Deployment", start.Namespace, d.Groups["owner"].Value));
        }

        if (OrdinalPod().Match(start.Name) is { Success: true } s)
        {
            candidates.Add(new ObjectRef("apps/v1", "StatefulSet", start.Namespace, s.Groups["owner"].Value));
        }

        foreach (var candidate in candidates)
        {
            if (await spokes.GetAsync(cluster, candidate, ct) is { } found)
            {
                return found.Ref;
            }
        }

        return start;
    }

    [GeneratedRegex("^(?<owner>[a-z0-9][a-z0-9-]*?)-[a-z0-9]{5,10}-[a-z0-9]{5}$")]
    private static partial Regex DeploymentPod();

    [GeneratedRegex("^(?<owner>[a-z0-9][a-z0-9-]*)-[0-9]+$")]
    private static partial Regex OrdinalPod();
}
