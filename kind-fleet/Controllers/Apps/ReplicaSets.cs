using System.Globalization;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;

namespace Kubernaut.KindFleet.Controllers.Apps;

/// <summary>Reading and scaling the ReplicaSets a Deployment owns.</summary>
internal static class ReplicaSets
{
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    public const string RevisionHistoryAnnotation = "deployment.kubernetes.io/revision-history";
    public const string DesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";
    public const string MaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";

    /// <summary>Deployment annotations a ReplicaSet does not inherit (kubectl's rollout undo skips the same ones).</summary>
    public static readonly IReadOnlySet<string> NotCopied = new HashSet<string>(StringComparer.Ordinal)
    {
        "kubectl.kubernetes.io/last-applied-configuration",
        RevisionAnnotation,
        RevisionHistoryAnnotation,
        DesiredReplicasAnnotation,
        MaxReplicasAnnotation,
        "deprecated.deployment.rollback.to",
    };

    public static int SpecReplicas(JsonObject rs) => (int)(rs["spec"].Long("replicas") ?? 0);

    public static int Status(JsonObject rs, string field) => (int)(rs["status"].Long(field) ?? 0);

    public static long Revision(JsonObject rs) =>
        long.TryParse(rs.Metadata()["annotations"].Str(RevisionAnnotation), NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) ? r : 0;

    /// <summary>Sets spec.replicas (and the annotations that record the deployment's size), with the ScalingReplicaSet event.</summary>
    public static void Scale(SimulatedCluster cluster, JsonObject deployment, JsonObject rs, int replicas, int maxReplicas)
    {
        var from = SpecReplicas(rs);
        cluster.Store.Mutate(cluster.TypeOf(Kinds.ReplicaSets), rs.Namespace(), rs.Name(), current =>
        {
            current.Child("spec")["replicas"] = replicas;
            var annotations = current.Metadata().Child("annotations");
            annotations[DesiredReplicasAnnotation] = ObjectRefs.Text(deployment["spec"].Long("replicas") ?? 1);
            annotations[MaxReplicasAnnotation] = ObjectRefs.Text(maxReplicas);
            return current;
        });
        rs.Child("spec")["replicas"] = replicas;
        if (from != replicas)
        {
            var direction = replicas > from ? "up" : "down";
            EventRecorder.Record(cluster, deployment, EventRecorder.Normal, "ScalingReplicaSet",
                $"Scaled {direction} replica set {rs.Name()} from {from} to {replicas}", DeploymentController.Component);
        }
    }

    public static JsonObject NewFor(JsonObject deployment, string hash, long revision, int replicas, int maxReplicas)
    {
        var template = (deployment["spec"]?["template"] as JsonObject)?.CloneObject() ?? [];
        template.Child("metadata").Child("labels")[TemplateHash.Label] = hash;
        var selector = (deployment["spec"]?["selector"] as JsonObject)?.CloneObject() ?? [];
        selector.Child("matchLabels")[TemplateHash.Label] = hash;
        var annotations = new JsonObject();
        foreach (var (k, v) in deployment.Metadata()["annotations"].StringMap().Where(kv => !NotCopied.Contains(kv.Key)))
        {
            annotations[k] = v;
        }

        annotations[DesiredReplicasAnnotation] = ObjectRefs.Text(deployment["spec"].Long("replicas") ?? 1);
        annotations[MaxReplicasAnnotation] = ObjectRefs.Text(maxReplicas);
        annotations[RevisionAnnotation] = ObjectRefs.Text(revision);
        var spec = new JsonObject { ["replicas"] = replicas, ["selector"] = selector, ["template"] = template };
        if (deployment["spec"].Long("minReadySeconds") is { } minReady)
        {
            spec["minReadySeconds"] = minReady;
        }

        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ReplicaSet",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{deployment.Name()}-{hash}",
                ["namespace"] = deployment.Namespace(),
                ["labels"] = template.Metadata()["labels"]?.DeepClone(),
                ["annotations"] = annotations,
                ["ownerReferences"] = ObjectRefs.ControllerReference(deployment),
            },
            ["spec"] = spec,
        };
    }
}
