using System.Globalization;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.ApiServer;

/// <summary>The built-in kinds' columns, as kubectl's server-side printers define them.</summary>
internal static partial class TablePrinter
{
    private const int Wide = 1;

    private static readonly Column NameColumn = new("Name", "string", (o, _) => o.Metadata().Str("name") ?? "", Format: "name");
    private static readonly Column AgeColumn = new("Age", "string", (o, now) => Age(o.Metadata().Str("creationTimestamp"), now));

    private static readonly Dictionary<GroupResource, Column[]> Builtins = new()
    {
        [new("", "pods")] =
        [
            NameColumn,
            new("Ready", "string", (o, _) => $"{o["status"]?["containerStatuses"].Objects().Count(c => c.Bool("ready") == true)}/{o["spec"]?["containers"].Objects().Count()}"),
            new("Status", "string", (o, _) => PodStatus(o)),
            new("Restarts", "string", (o, _) => o["status"]?["containerStatuses"].Objects().Sum(c => c.Long("restartCount") ?? 0).ToString(CultureInfo.InvariantCulture) ?? "0"),
            AgeColumn,
            new("IP", "string", (o, _) => o["status"].Str("podIP") ?? "<none>", Wide),
            new("Node", "string", (o, _) => o["spec"].Str("nodeName") ?? "<none>", Wide),
            new("Nominated Node", "string", (o, _) => o["status"].Str("nominatedNodeName") ?? "<none>", Wide),
            new("Readiness Gates", "string", (o, _) => o["spec"]?["readinessGates"] is JsonArray { Count: > 0 } g ? $"0/{g.Count}" : "<none>", Wide),
        ],
        [new("", "nodes")] =
        [
            NameColumn,
            new("Status", "string", (o, _) => NodeStatus(o)),
            new("Roles", "string", (o, _) => NodeRoles(o)),
            AgeColumn,
            new("Version", "string", (o, _) => o["status"]?["nodeInfo"].Str("kubeletVersion") ?? ""),
            new("Internal-IP", "string", (o, _) => NodeAddress(o, "InternalIP"), Wide),
            new("External-IP", "string", (o, _) => NodeAddress(o, "ExternalIP"), Wide),
            new("OS-Image", "string", (o, _) => o["status"]?["nodeInfo"].Str("osImage") ?? "<unknown>", Wide),
            new("Kernel-Version", "string", (o, _) => o["status"]?["nodeInfo"].Str("kernelVersion") ?? "<unknown>", Wide),
            new("Container-Runtime", "string", (o, _) => o["status"]?["nodeInfo"].Str("containerRuntimeVersion") ?? "<unknown>", Wide),
        ],
        [new("", "namespaces")] = [NameColumn, new("Status", "string", (o, _) => o["status"].Str("phase") ?? "Active"), AgeColumn],
        [new("", "configmaps")] = [NameColumn, new("Data", "integer", (o, _) => Count(o["data"], o["binaryData"])), AgeColumn],
        [new("", "secrets")] = [NameColumn, new("Type", "string", (o, _) => o.Str("type") ?? "Opaque"), new("Data", "integer", (o, _) => Count(o["data"])), AgeColumn],
        [new("", "services")] =
        [
            NameColumn,
            new("Type", "string", (o, _) => o["spec"].Str("type") ?? "ClusterIP"),
            new("Cluster-IP", "string", (o, _) => o["spec"].Str("clusterIP") ?? "<none>"),
            new("External-IP", "string", (_, _) => "<none>"),
            new("Port(s)", "string", (o, _) => string.Join(',', o["spec"]?["ports"].Objects().Select(p => $"{p.Long("port")}/{p.Str("protocol") ?? "TCP"}") ?? [])),
            AgeColumn,
            new("Selector", "string", (o, _) => Selector(o["spec"]?["selector"]), Wide),
        ],
        [new("", "endpoints")] = [NameColumn, new("Endpoints", "string", (o, _) => Endpoints(o)), AgeColumn],
        [new("", "events")] =
        [
            new("Last Seen", "string", (o, now) => Age(o.Str("lastTimestamp") ?? o.Str("eventTime") ?? o.Metadata().Str("creationTimestamp"), now)),
            new("Type", "string", (o, _) => o.Str("type") ?? ""),
            new("Reason", "string", (o, _) => o.Str("reason") ?? ""),
            new("Object", "string", (o, _) => $"{o["involvedObject"].Str("kind")?.ToLowerInvariant()}/{o["involvedObject"].Str("name")}"),
            new("Subobject", "string", (o, _) => o["involvedObject"].Str("fieldPath") ?? "", Wide),
            new("Source", "string", (o, _) => EventSource(o), Wide),
            new("Message", "string", (o, _) => o.Str("message") ?? ""),
            new("First Seen", "string", (o, now) => Age(o.Str("firstTimestamp") ?? o.Str("eventTime") ?? o.Metadata().Str("creationTimestamp"), now), Wide),
            new("Count", "string", (o, _) => (o.Long("count") ?? 1).ToString(CultureInfo.InvariantCulture), Wide),
            new("Name", "string", (o, _) => o.Metadata().Str("name") ?? "", Wide),
        ],
        [new("", "serviceaccounts")] = [NameColumn, new("Secrets", "integer", (o, _) => (o["secrets"] as JsonArray)?.Count.ToString(CultureInfo.InvariantCulture) ?? "0"), AgeColumn],
        [new("apps", "deployments")] =
        [
            NameColumn,
            new("Ready", "string", (o, _) => $"{o["status"].Long("readyReplicas") ?? 0}/{o["spec"].Long("replicas") ?? 1}"),
            new("Up-to-date", "integer", (o, _) => (o["status"].Long("updatedReplicas") ?? 0).ToString(CultureInfo.InvariantCulture)),
            new("Available", "integer", (o, _) => (o["status"].Long("availableReplicas") ?? 0).ToString(CultureInfo.InvariantCulture)),
            AgeColumn,
            .. TemplateColumns,
        ],
        [new("apps", "replicasets")] =
        [
            NameColumn,
            new("Desired", "integer", (o, _) => (o["spec"].Long("replicas") ?? 1).ToString(CultureInfo.InvariantCulture)),
            new("Current", "integer", (o, _) => (o["status"].Long("replicas") ?? 0).ToString(CultureInfo.InvariantCulture)),
            new("Ready", "integer", (o, _) => (o["status"].Long("readyReplicas") ?? 0).ToString(CultureInfo.InvariantCulture)),
            AgeColumn,
            .. TemplateColumns,
        ],
        [new("apps", "statefulsets")] =
        [
            NameColumn,
            new("Ready", "string", (o, _) => $"{o["status"].Long("readyReplicas") ?? 0}/{o["spec"].Long("replicas") ?? 1}"),
            AgeColumn,
            .. TemplateColumns[..2],
        ],
    };

    private static Column[] TemplateColumns =>
    [
        new("Containers", "string", (o, _) => string.Join(',', Containers(o).Select(c => c.Str("name"))), Wide),
        new("Images", "string", (o, _) => string.Join(',', Containers(o).Select(c => c.Str("image"))), Wide),
        new("Selector", "string", (o, _) => Selector(o["spec"]?["selector"]?["matchLabels"]), Wide),
    ];

    private static IEnumerable<JsonObject> Containers(JsonObject o) => o["spec"]?["template"]?["spec"]?["containers"].Objects() ?? [];

    private static string Selector(JsonNode? labels)
    {
        var map = labels.StringMap();
        return map.Count == 0 ? "<none>" : string.Join(',', map.Select(kv => $"{kv.Key}={kv.Value}"));
    }

    private static string Count(params JsonNode?[] maps) =>
        maps.Sum(m => m is JsonObject o ? o.Count : 0).ToString(CultureInfo.InvariantCulture);

    private static string PodStatus(JsonObject pod)
    {
        if (pod.Metadata().Str("deletionTimestamp") is not null)
        {
            return "Terminating";
        }

        foreach (var c in pod["status"]?["containerStatuses"].Objects() ?? [])
        {
            if (c["state"]?["waiting"].Str("reason") is { } waiting)
            {
                return waiting;
            }

            if (c["state"]?["terminated"].Str("reason") is { } terminated)
            {
                return terminated;
            }
        }

        return pod["status"].Str("reason") ?? pod["status"].Str("phase") ?? "Pending";
    }

    private static string NodeStatus(JsonObject node)
    {
        var ready = node["status"]?["conditions"].Objects().FirstOrDefault(c => c.Str("type") == "Ready")?.Str("status") == "True";
        var status = ready ? "Ready" : "NotReady";
        return node["spec"].Bool("unschedulable") == true ? status + ",SchedulingDisabled" : status;
    }

    private static string NodeRoles(JsonObject node)
    {
        const string prefix = "node-role.kubernetes.io/";
        var roles = node.Metadata()["labels"].StringMap().Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => k[prefix.Length..]).ToList();
        return roles.Count == 0 ? "<none>" : string.Join(',', roles);
    }

    private static string NodeAddress(JsonObject node, string type) =>
        node["status"]?["addresses"].Objects().FirstOrDefault(a => a.Str("type") == type)?.Str("address") ?? "<none>";

    private static string EventSource(JsonObject ev)
    {
        var component = ev["source"].Str("component") ?? ev.Str("reportingComponent") ?? "";
        var host = ev["source"].Str("host");
        return host is null ? component : $"{component}, {host}";
    }

    private static string Endpoints(JsonObject ep)
    {
        var addresses = ep["subsets"].Objects().SelectMany(s => s["addresses"].Objects().SelectMany(a =>
            s["ports"].Objects().Select(p => $"{a.Str("ip")}:{p.Long("port")}"))).ToList();
        return addresses.Count == 0 ? "<none>" : string.Join(',', addresses.Take(3)) + (addresses.Count > 3 ? $" + {addresses.Count - 3} more..." : "");
    }
}
