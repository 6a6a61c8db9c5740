using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Controllers.Apps;

/// <summary>
/// The Deployment controller: one ReplicaSet per pod template (<c>&lt;deploy&gt;-&lt;pod-template-hash&gt;</c>), numbered
/// by the <c>deployment.kubernetes.io/revision</c> annotation; going back to an older template reuses its ReplicaSet
/// under a new revision (what <c>kubectl rollout undo</c> relies on). Rolls out with maxSurge/maxUnavailable one step
/// per observed change, prunes history beyond revisionHistoryLimit and reports status and conditions.
/// </summary>
internal sealed class DeploymentController : IClusterController
{
    public const string Component = "deployment-controller";

    public IReadOnlyCollection<GroupResource> Watches { get; } = [Kinds.Deployments, Kinds.ReplicaSets];

    public TimeSpan? Reconcile(SimulatedCluster cluster)
    {
        var now = cluster.Time.GetUtcNow();
        var byOwner = cluster.Store.List(Kinds.ReplicaSets, null).Items
            .Where(rs => !rs.IsDeleting())
            .GroupBy(rs => ObjectRefs.ControllerUid(rs) ?? "")
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        TimeSpan? requeue = null;
        foreach (var deployment in cluster.Store.List(Kinds.Deployments, null).Items.Where(d => !d.IsDeleting()))
        {
            var next = Sync(cluster, deployment, byOwner.GetValueOrDefault(deployment.Uid()) ?? [], now);
            if (next is { } n && (requeue is null || n < requeue))
            {
                requeue = n;
            }
        }

        return requeue;
    }

    private static TimeSpan? Sync(SimulatedCluster cluster, JsonObject deployment, List<JsonObject> owned, DateTimeOffset now)
    {
        var spec = deployment["spec"];
        var desired = (int)(spec.Long("replicas") ?? 1);
        var rollout = RolloutMath.For(deployment, desired);
        var template = spec?["template"];
        var newRs = owned.FirstOrDefault(rs => TemplateHash.EqualIgnoringHash(rs["spec"]?["template"], template));
        var old = owned.Where(rs => rs != newRs).OrderBy(ReplicaSets.Revision).ToList();
        var maxOldRevision = old.Count == 0 ? 0 : old.Max(ReplicaSets.Revision);
        var created = false;
        if (newRs is null)
        {
            var initial = rollout.NewReplicas(0, old.Sum(ReplicaSets.SpecReplicas));
            newRs = CreateReplicaSet(cluster, deployment, maxOldRevision + 1, initial, rollout.MaxTotal);
            created = true;
        }
        else if (ReplicaSets.Revision(newRs) <= maxOldRevision)
        {
            Promote(cluster, deployment, newRs, maxOldRevision + 1);
        }

        MarkRevision(cluster, deployment, ReplicaSets.Revision(newRs));
        if (spec.Bool("paused") != true)
        {
            if (spec?["strategy"].Str("type") == "Recreate")
            {
                Recreate(cluster, deployment, newRs, old, desired, rollout.MaxTotal);
            }
            else
            {
                rollout.Roll(cluster, deployment, newRs, old);
            }

            PruneHistory(cluster, deployment, old);
        }

        return DeploymentStatus.Write(cluster, deployment, newRs, [newRs, .. old], rollout, created, now);
    }

    private static JsonObject CreateReplicaSet(SimulatedCluster cluster, JsonObject deployment, long revision, int replicas, int maxReplicas)
    {
        var type = cluster.TypeOf(Kinds.ReplicaSets);
        for (var collision = 0; ; collision++)
        {
            var hash = TemplateHash.Of(deployment["spec"]?["template"], collision);
            try
            {
                var rs = cluster.Store.Create(type, ReplicaSets.NewFor(deployment, hash, revision, replicas, maxReplicas));
                if (replicas > 0)
                {
                    EventRecorder.Record(cluster, deployment, EventRecorder.Normal, "ScalingReplicaSet",
                        $"Scaled up replica set {rs.Name()} from 0 to {replicas}", Component);
                }

                return rs;
            }
            catch (Storage.KubeApiException) when (collision < 10)
            {
                // A ReplicaSet with that name exists but holds another template (a hash collision): try the next name.
            }
        }
    }

    /// <summary>An older ReplicaSet that matches the template again becomes the newest revision, keeping its history.</summary>
    private static void Promote(SimulatedCluster cluster, JsonObject deployment, JsonObject rs, long revision)
    {
        var previous = ReplicaSets.Revision(rs);
        var updated = cluster.Store.Mutate(cluster.TypeOf(Kinds.ReplicaSets), rs.Namespace(), rs.Name(), current =>
        {
            var annotations = current.Metadata().Child("annotations");
            var history = annotations.Str(ReplicaSets.RevisionHistoryAnnotation);
            annotations[ReplicaSets.RevisionHistoryAnnotation] = string.IsNullOrEmpty(history) ? ObjectRefs.Text(previous) : $"{history},{previous}";
            annotations[ReplicaSets.RevisionAnnotation] = ObjectRefs.Text(revision);
            foreach (var (k, v) in deployment.Metadata()["annotations"].StringMap().Where(kv => !ReplicaSets.NotCopied.Contains(kv.Key)))
            {
                annotations[k] = v;
            }

            return current;
        });
        rs.Metadata()["annotations"] = updated?.Metadata()["annotations"]?.DeepClone();
        EventRecorder.Record(cluster, deployment, EventRecorder.Normal, "DeploymentRollback",
            $"Rolled back deployment \"{deployment.Name()}\" to revision {previous}", Component);
    }

    private static void MarkRevision(SimulatedCluster cluster, JsonObject deployment, long revision)
    {
        var text = ObjectRefs.Text(revision);
        if (deployment.Metadata()["annotations"].Str(ReplicaSets.RevisionAnnotation) == text)
        {
            return;
        }

        cluster.Store.Mutate(cluster.TypeOf(Kinds.Deployments), deployment.Namespace(), deployment.Name(), current =>
        {
            current.Metadata().Child("annotations")[ReplicaSets.RevisionAnnotation] = text;
            return current;
        });
    }

    private static void Recreate(SimulatedCluster cluster, JsonObject deployment, JsonObject newRs, List<JsonObject> old, int desired, int maxTotal)
    {
        var oldRunning = false;
        foreach (var rs in old)
        {
            if (ReplicaSets.SpecReplicas(rs) > 0)
            {
                ReplicaSets.Scale(cluster, deployment, rs, 0, maxTotal);
            }

            oldRunning |= ReplicaSets.Status(rs, "replicas") > 0;
        }

        if (!oldRunning && ReplicaSets.SpecReplicas(newRs) != desired)
        {
            ReplicaSets.Scale(cluster, deployment, newRs, desired, maxTotal);
        }
    }

    private static void PruneHistory(SimulatedCluster cluster, JsonObject deployment, List<JsonObject> old)
    {
        var limit = (int)(deployment["spec"].Long("revisionHistoryLimit") ?? 10);
        var idle = old.Where(rs => ReplicaSets.SpecReplicas(rs) == 0 && ReplicaSets.Status(rs, "replicas") == 0).ToList();
        foreach (var rs in idle.Take(Math.Max(0, idle.Count - limit)))
        {
            cluster.Store.Delete(cluster.TypeOf(Kinds.ReplicaSets), rs.Namespace(), rs.Name());
        }
    }
}
