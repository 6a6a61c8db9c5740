using System.ComponentModel;
using Kubernaut.SpokeAddon.Kubernetes;
using ModelContextProtocol.Server;

namespace Kubernaut.SpokeAddon.Tools;

[McpServerToolType]
public sealed class ClusterStateTools(
    ConfigMapHistoryReader configMaps, EndpointReader endpoints, NodeReader nodes, ObjectDescriber describer, ToolOutput output)
{
    [McpServerTool(Name = "get_configmap", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("A ConfigMap's data with its revision history, newest first: each revision's data and which keys it added, removed or changed; also what changed since the latest recorded revision.")]
    public async Task<string> GetConfigMapAsync(
        [Description("Namespace of the ConfigMap")] string @namespace,
        [Description("ConfigMap name")] string name,
        [Description("Include the revision history")] bool includeHistory = true,
        [Description("Most revisions to return (1-50)")] int maxRevisions = 10,
        CancellationToken cancellationToken = default)
    {
        var view = await configMaps.ReadAsync(@namespace, name, includeHistory, cancellationToken);
        var shown = view with { History = view.History.Take(Math.Clamp(maxRevisions, 1, 50)).ToList() };
        var result = System.Text.Json.JsonSerializer.SerializeToNode(shown, ToolOutput.Json)!.AsObject();
        result["revisionsTotal"] = view.History.Count;
        result["truncated"] = shown.History.Count < view.History.Count;
        return output.Render(result, null);
    }

    [McpServerTool(Name = "get_endpoints", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Ready and not-ready backend addresses (pod, node) per Service: how many replicas actually serve traffic.")]
    public async Task<string> GetEndpointsAsync(
        [Description("Namespace to read")] string @namespace,
        [Description("Only this Service")] string? service = null,
        CancellationToken cancellationToken = default)
    {
        var all = await endpoints.ListAsync(@namespace, service, cancellationToken);
        return output.List("services", all, all.Count, new { @namespace });
    }

    [McpServerTool(Name = "get_nodes", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Nodes, troubled first: Ready status, pressure conditions, unschedulable (cordoned or drained), taints, capacity and allocatable resources.")]
    public async Task<string> GetNodesAsync(
        [Description("Only this node")] string? name = null,
        CancellationToken cancellationToken = default)
    {
        var all = await nodes.ListAsync(name, cancellationToken);
        return output.List("nodes", all, all.Count);
    }

    [McpServerTool(Name = "describe", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("A kubectl-describe-like summary of one object (labels, annotations, owners, spec, status) plus its recent events. Secrets are never read.")]
    public async Task<string> DescribeAsync(
        [Description("Kind, e.g. Pod, Deployment, StatefulSet, Service, ConfigMap, Node, PersistentVolumeClaim, HorizontalPodAutoscaler")] string kind,
        [Description("Object name")] string name,
        [Description("Namespace (ignored for cluster-scoped kinds such as Node)")] string? @namespace = null,
        CancellationToken cancellationToken = default)
    {
        var description = await describer.DescribeAsync(@namespace, kind, name, cancellationToken);
        return output.Single(description);
    }
}
