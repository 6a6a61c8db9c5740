using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kubernaut.Hub.Fleet;
using Kubernaut.Hub.Identity;
using Kubernaut.Hub.Investigation.Spoke;
using Kubernaut.Hub.Sessions;
using Kubernaut.Hub.Signals;
using Kubernaut.Hub.Signals.NaturalLanguage;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace Kubernaut.Hub.Mcp;

/// <summary>A spoke tool's answer, with where it came from.</summary>
internal sealed record SpokeAnswer(
    [property: JsonPropertyName("cluster")] string Cluster,
    [property: JsonPropertyName("tool")] string Tool,
    [property: JsonPropertyName("result")] JsonElement Result);

internal sealed record ExistingRequest(
    [property: JsonPropertyName("exists")] bool Exists,
    [property: JsonPropertyName("rr_id")] string? RrId,
    [property: JsonPropertyName("phase")] string? Phase,
    [property: JsonPropertyName("session_id")] string? SessionId);

/// <summary>
/// Cluster context: read a spoke through its MCP addon (cluster-proxy, investigation token — the same path as an
/// investigation), and check or open the request for a workload.
/// </summary>
[McpServerToolType]
internal sealed class ClusterTools(ToolGate gate, SpokeMcpConnector spokes, FleetInventory fleet, RunningRequestFinder finder, SignalIntake intake,
    NaturalLanguageResolver resolver)
{
    [McpServerTool(Name = "af_list_events", ReadOnly = true, Idempotent = true, OpenWorld = true, UseStructuredContent = true)]
    [Description("Kubernetes events of a namespace on a spoke (e.g. OOMKilled, BackOff), newest first. Role: investigator.")]
    public async Task<SpokeAnswer> ListEventsAsync(ClaimsPrincipal? user,
        [Description("Managed cluster, e.g. prod-us-east")] string cluster,
        [Description("Namespace, or * for all")] string @namespace,
        [Description("Only this reason, e.g. OOMKilled")] string? reason = null,
        [Description("Only events about this kind, e.g. Pod")] string? involved_kind = null,
        [Description("Only events about this object")] string? involved_name = null,
        [Description("Only events seen within this window, e.g. 30m")] string? since = null,
        CancellationToken cancellationToken = default)
    {
        await gate.RequireAsync(user, HubPolicies.Investigator, "af_list_events");
        return await CallAsync(cluster, "list_events", new() { ["namespace"] = @namespace, ["reason"] = reason, ["involvedKind"] = involved_kind, ["involvedName"] = involved_name, ["since"] = since }, cancellationToken);
    }

    [McpServerTool(Name = "af_get_pods", ReadOnly = true, Idempotent = true, OpenWorld = true, UseStructuredContent = true)]
    [Description("Pods of a namespace on a spoke, unhealthy first: phase, readiness, restarts, last termination reason, limits. Role: investigator.")]
    public async Task<SpokeAnswer> GetPodsAsync(ClaimsPrincipal? user,
        [Description("Managed cluster, e.g. prod-us-east")] string cluster,
        [Description("Namespace")] string @namespace,
        [Description("Label selector, e.g. app=checkout-service")] string? label_selector = null,
        CancellationToken cancellationToken = default)
    {
        await gate.RequireAsync(user, HubPolicies.Investigator, "af_get_pods");
        return await CallAsync(cluster, "get_pods", new() { ["namespace"] = @namespace, ["labelSelector"] = label_selector }, cancellationToken);
    }

    [McpServerTool(Name = "af_get_workloads", ReadOnly = true, Idempotent = true, OpenWorld = true, UseStructuredContent = true)]
    [Description("Deployments, StatefulSets and DaemonSets of a namespace on a spoke: replicas desired/ready/available, conditions. Role: investigator.")]
    public async Task<SpokeAnswer> GetWorkloadsAsync(ClaimsPrincipal? user,
        [Description("Managed cluster, e.g. prod-us-east")] string cluster,
        [Description("Namespace")] string @namespace,
        [Description("Only this workload")] string? name = null,
        [Description("Only this kind")] string? kind = null,
        CancellationToken cancellationToken = default)
    {
        await gate.RequireAsync(user, HubPolicies.Investigator, "af_get_workloads");
        return await CallAsync(cluster, "get_workloads", new() { ["namespace"] = @namespace, ["name"] = name, ["kind"] = kind }, cancellationToken);
    }

    [McpServerTool(Name = "af_resolve_owner", ReadOnly = true, Idempotent = true, OpenWorld = true, UseStructuredContent = true)]
    [Description("The owner chain of an object on a spoke (Pod → ReplicaSet → Deployment …) up to its top-level owner. Role: investigator.")]
    public async Task<SpokeAnswer> ResolveOwnerAsync(ClaimsPrincipal? user,
        [Description("Managed cluster, e.g. prod-us-east")] string cluster,
        [Description("Namespace of the object")] string @namespace,
        [Description("Kind of the object, e.g. Pod")] string kind,
        [Description("Name of the object")] string name,
        CancellationToken cancellationToken = default)
    {
        await gate.RequireAsync(user, HubPolicies.Investigator, "af_resolve_owner");
        return await CallAsync(cluster, "resolve_owner", new() { ["namespace"] = @namespace, ["kind"] = kind, ["name"] = name }, cancellationToken);
    }

    [McpServerTool(Name = "af_check_existing_rr", ReadOnly = true, Idempotent = true, OpenWorld = true, UseStructuredContent = true)]
    [Description("Whether a request is running on a workload (found through its top-level owner, as intake files it). Role: viewer.")]
    public async Task<ExistingRequest> CheckExistingAsync(ClaimsPrincipal? user,
        [Description("Managed cluster, e.g. prod-us-east")] string cluster,
        [Description("Namespace of the workload")] string @namespace,
        [Description("Kind, e.g. Deployment or Pod")] string kind,
        [Description("Name")] string name,
        CancellationToken cancellationToken = default)
    {
        await gate.RequireAsync(user, HubPolicies.Viewer, "af_check_existing_rr");
        await RequireClusterAsync(cluster, cancellationToken);
        var running = await finder.RunningForAsync(cluster, new ObjectRef(kind == "Pod" ? "v1" : "apps/v1", kind, @namespace, name), cancellationToken);
        return new ExistingRequest(running is not null, running?.Name, running?.Phase, running is null ? null : InvestigationSession.NameFor(running.Name));
    }

    [McpServerTool(Name = "af_create_rr", Destructive = false, Idempotent = true, OpenWorld = true, UseStructuredContent = true)]
    [Description("Open a request on a workload (or count on the one already open: never a duplicate). Role: operator.")]
    public async Task<SignalResult> CreateAsync(ClaimsPrincipal? user,
        [Description("Managed cluster, e.g. prod-us-east")] string cluster,
        [Description("Namespace of the workload")] string @namespace,
        [Description("Kind, e.g. Deployment")] string kind,
        [Description("Name")] string name,
        [Description("What is wrong")] string description,
        [Description("critical, warning or info")] string? severity = null,
        CancellationToken cancellationToken = default)
    {
        await gate.RequireAsync(user, HubPolicies.Operator, "af_create_rr");
        var signal = await SignalFrom.ArgumentsAsync(resolver, user, null, cluster, @namespace, kind, name, description, severity, cancellationToken);
        return await SignalFrom.SubmitAsync(intake, signal, severity, cancellationToken);
    }

    private async Task RequireClusterAsync(string cluster, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(cluster) || await fleet.FindClusterAsync(cluster, ct) is null)
        {
            var known = (await fleet.ClustersAsync(ct)).Select(c => c.Name);
            throw new McpException($"cluster \"{cluster}\" is not a ManagedCluster on this hub (known: {string.Join(", ", known)})");
        }
    }

    private async Task<SpokeAnswer> CallAsync(string cluster, string tool, Dictionary<string, object?> arguments, CancellationToken ct)
    {
        await RequireClusterAsync(cluster, ct);
        try
        {
            await using var tools = await spokes.ConnectAsync(cluster, ct);
            var result = await tools.CallAsync(tool, arguments.Where(a => a.Value is not null).ToDictionary(), ct);
            return result is { } json
                ? new SpokeAnswer(cluster, tool, json)
                : throw new McpException($"{cluster} answered {tool} with an error: {tools.Calls.LastOrDefault()?.Error}");
        }
        catch (Exception e) when (e is SpokeUnavailableException or IssuerUnavailableException or InvalidOperationException)
        {
            throw new McpException($"cannot reach {cluster}'s MCP addon: {e.Message}");
        }
    }
}
