using System.ComponentModel;
using Kubernaut.SpokeAddon.Kubernetes;
using ModelContextProtocol.Server;

namespace Kubernaut.SpokeAddon.Tools;

[McpServerToolType]
public sealed class WorkloadTools(WorkloadReader workloads, RolloutHistoryReader rollouts, OwnerResolver owners, ToolOutput output)
{
    [McpServerTool(Name = "get_workloads", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Deployments, StatefulSets and DaemonSets of a namespace, degraded first: replicas desired/ready/available/updated, conditions, container images and resource limits.")]
    public async Task<string> GetWorkloadsAsync(
        [Description("Namespace to read")] string @namespace,
        [Description("Only this kind: Deployment, StatefulSet or DaemonSet")] string? kind = null,
        [Description("Only the workload with this name")] string? name = null,
        CancellationToken cancellationToken = default)
    {
        var all = await workloads.ListAsync(@namespace, kind, name, cancellationToken);
        return output.List("workloads", all, all.Count, new { @namespace });
    }

    [McpServerTool(Name = "get_rollout_history", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Rollout history, newest first: a Deployment's ReplicaSets by revision (images, limits, ready replicas, change cause) or a StatefulSet's ControllerRevisions.")]
    public async Task<string> GetRolloutHistoryAsync(
        [Description("Namespace of the workload")] string @namespace,
        [Description("Deployment or StatefulSet")] string kind,
        [Description("Workload name")] string name,
        CancellationToken cancellationToken = default)
    {
        var revisions = await rollouts.ReadAsync(@namespace, kind, name, cancellationToken);
        return output.List("revisions", revisions, revisions.Count, new { @namespace, kind, name });
    }

    [McpServerTool(Name = "resolve_owner", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Walks controller ownerReferences upward, at most 10 hops (Pod → ReplicaSet → Deployment, Job → CronJob), and names the top-level owner to act on.")]
    public async Task<string> ResolveOwnerAsync(
        [Description("Namespace of the object")] string @namespace,
        [Description("Name of the object to start from")] string name,
        [Description("Kind of the object to start from")] string kind = "Pod",
        CancellationToken cancellationToken = default)
    {
        var chain = await owners.ResolveAsync(@namespace, kind, name, cancellationToken);
        return output.Single(chain);
    }
}
