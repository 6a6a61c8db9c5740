using System.Globalization;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.ApiServer;

/// <summary>
/// Server-side printing (<c>Accept: application/json;as=Table;g=meta.k8s.io;v=v1</c>), which is what
/// <c>kubectl get</c> renders: the built-in kinds' usual columns, and a CRD's additionalPrinterColumns.
/// </summary>
internal static class TablePrinter
{
    private delegate string Cell(JsonObject obj, DateTimeOffset now);

    private sealed record Column(string Name, string Type, Cell Value, int Priority = 0, string Format = "");

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
            new("IP", "string", (o, _) => o["status"].Str("podIP") ?? "<none>", 1),
            new("Node", "string", (o, _) => o["spec"].Str("nodeName") ?? "<none>", 1),
        ],
        [new("", "nodes")] =
        [
            NameColumn,
            new("Status", "string", (o, _) => NodeStatus(o)),
            new("Roles", "string", (o, _) => NodeRoles(o)),
            AgeColumn,
            new("Version", "string", (o, _) => o["status"]?["nodeInfo"].Str("kubeletVersion") ?? ""),
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
        ],
        [new("", "endpoints")] =
        [
            NameColumn,
            new("Endpoints", "string", (o, _) => Endpoints(o)),
            AgeColumn,
        ],
        [new("", "events")] =
        [
            new("Last Seen", "string", (o, now) => Age(o.Str("lastTimestamp") ?? o.Str("eventTime") ?? o.Metadata().Str("creationTimestamp"), now)),
            new("Type", "string", (o, _) => o.Str("type") ?? ""),
            new("Reason", "string", (o, _) => o.Str("reason") ?? ""),
            new("Object", "string", (o, _) => $"{o["involvedObject"].Str("kind")?.ToLowerInvariant()}/{o["involvedObject"].Str("name")}"),
            new("Message", "string", (o, _) => o.Str("message") ?? ""),
        ],
        [new("", "serviceaccounts")] = [NameColumn, new("Secrets", "integer", (o, _) => (o["secrets"] as JsonArray)?.Count.ToString(CultureInfo.InvariantCulture) ?? "0"), AgeColumn],
        [new("apps", "deployments")] =
        [
            NameColumn,
            new("Ready", "string", (o, _) => $"{o["status"].Long("readyReplicas") ?? 0}/{o["spec"].Long("replicas") ?? 1}"),
            new("Up-to-date", "integer", (o, _) => (o["status"].Long("updatedReplicas") ?? 0).ToString(CultureInfo.InvariantCulture)),
            new("Available", "integer", (o, _) => (o["status"].Long("availableReplicas") ?? 0).ToString(CultureInfo.InvariantCulture)),
            AgeColumn,
        ],
        [new("apps", "replicasets")] =
        [
            NameColumn,
            new("Desired", "integer", (o, _) => (o["spec"].Long("replicas") ?? 1).ToString(CultureInfo.InvariantCulture)),
            new("Current", "integer", (o, _) => (o["status"].Long("replicas") ?? 0).ToString(CultureInfo.InvariantCulture)),
            new("Ready", "integer", (o, _) => (o["status"].Long("readyReplicas") ?? 0).ToString(CultureInfo.InvariantCulture)),
            AgeColumn,
        ],
        [new("apps", "statefulsets")] =
        [
            NameColumn,
            new("Ready", "string", (o, _) => $"{o["status"].Long("readyReplicas") ?? 0}/{o["spec"].Long("replicas") ?? 1}"),
            AgeColumn,
        ],
    };

    public static JsonObject Render(ResourceType type, IReadOnlyList<JsonObject> items, string resourceVersion, DateTimeOffset now, bool includeObject)
    {
        var columns = ColumnsFor(type);
        var rows = new JsonArray();
        foreach (var item in items)
        {
            rows.Add(new JsonObject
            {
                ["cells"] = new JsonArray([.. columns.Select(c => (JsonNode?)c.Value(item, now))]),
                ["object"] = includeObject ? item.CloneObject() : PartialMetadata(item),
            });
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
            ["columnDefinitions"] = new JsonArray([.. columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["format"] = c.Format,
                ["description"] = "",
                ["priority"] = c.Priority,
            })]),
            ["rows"] = rows,
        };
    }

    private static IReadOnlyList<Column> ColumnsFor(ResourceType type)
    {
        if (Builtins.TryGetValue(type.GroupResource, out var builtin))
        {
            return builtin;
        }

        if (type.Columns.Count == 0)
        {
            return [NameColumn, AgeColumn];
        }

        var columns = new List<Column> { NameColumn };
        columns.AddRange(type.Columns.Select(c => new Column(c.Name, c.Type, (o, now) => c.Type == "date"
            ? Age(JsonPathLite.Evaluate(o, c.JsonPath), now)
            : JsonPathLite.Evaluate(o, c.JsonPath) ?? "", c.Priority)));
        if (!type.Columns.Any(c => c.Name == "Age"))
        {
            columns.Add(AgeColumn);
        }

        return columns;
    }

    private static JsonObject PartialMetadata(JsonObject item) => new()
    {
        ["kind"] = "PartialObjectMetadata",
        ["apiVersion"] = "meta.k8s.io/v1",
        ["metadata"] = item.Metadata().DeepClone(),
    };

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

    private static string Endpoints(JsonObject ep)
    {
        var addresses = ep["subsets"].Objects().SelectMany(s => s["addresses"].Objects().SelectMany(a =>
            s["ports"].Objects().Select(p => $"{a.Str("ip")}:{p.Long("port")}"))).ToList();
        return addresses.Count == 0 ? "<none>" : string.Join(',', addresses.Take(3)) + (addresses.Count > 3 ? $" + {addresses.Count - 3} more..." : "");
    }

    /// <summary>Human duration the way kubectl prints ages: 45s, 5m12s, 3h, 2d.</summary>
    public static string Age(string? timestamp, DateTimeOffset now)
    {
        if (!DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var then))
        {
            return "<unknown>";
        }

        var d = now - then;
        if (d < TimeSpan.Zero)
        {
            d = TimeSpan.Zero;
        }

        return d.TotalSeconds < 120 ? $"{(int)d.TotalSeconds}s"
            : d.TotalMinutes < 10 ? $"{(int)d.TotalMinutes}m{d.Seconds}s"
            : d.TotalHours < 3 ? $"{(int)d.TotalMinutes}m"
            : d.TotalHours < 48 ? $"{(int)d.TotalHours}h"
            : $"{(int)d.TotalDays}d";
    }
}
