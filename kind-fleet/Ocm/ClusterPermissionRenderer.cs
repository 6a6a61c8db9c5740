using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Selectors;

namespace Kubernaut.KindFleet.Ocm;

/// <summary>
/// Turns a ClusterPermission's spec into spoke RBAC manifests (contracts.md §3.2). Roles and bindings are named after
/// the ClusterPermission unless a binding names itself; a ManagedServiceAccount subject becomes the ServiceAccount the
/// managed-serviceaccount agent created in the addon namespace.
/// </summary>
internal static class ClusterPermissionRenderer
{
    private const string RbacApiVersion = "rbac.authorization.k8s.io/v1";
    private const string RbacGroup = "rbac.authorization.k8s.io";

    public static List<JsonObject> Render(SimulatedCluster hub, JsonObject permission)
    {
        var name = permission.Metadata().Str("name") ?? "";
        var spec = permission["spec"] as JsonObject ?? [];
        var manifests = new List<JsonObject>();
        if (spec["clusterRole"] is JsonObject clusterRole)
        {
            manifests.Add(Rbac("ClusterRole", name, null, new JsonObject { ["rules"] = clusterRole["rules"]?.DeepClone() ?? new JsonArray() }));
        }

        var clusterBindings = spec["clusterRoleBinding"] is JsonObject single ? [single] : spec["clusterRoleBindings"].Objects().ToList();
        foreach (var binding in clusterBindings)
        {
            manifests.Add(Rbac("ClusterRoleBinding", binding.Str("name") ?? name, null, new JsonObject
            {
                ["roleRef"] = RoleRef(binding["roleRef"], "ClusterRole", name),
                ["subjects"] = Subjects(binding),
            }));
        }

        foreach (var role in spec["roles"].Objects())
        {
            foreach (var ns in Namespaces(hub, role))
            {
                manifests.Add(Rbac("Role", name, ns, new JsonObject { ["rules"] = role["rules"]?.DeepClone() ?? new JsonArray() }));
            }
        }

        foreach (var binding in spec["roleBindings"].Objects())
        {
            foreach (var ns in Namespaces(hub, binding))
            {
                manifests.Add(Rbac("RoleBinding", binding.Str("name") ?? name, ns, new JsonObject
                {
                    ["roleRef"] = RoleRef(binding["roleRef"], "Role", name),
                    ["subjects"] = Subjects(binding),
                }));
            }
        }

        return manifests;
    }

    private static JsonObject Rbac(string kind, string name, string? ns, JsonObject body)
    {
        var obj = new JsonObject
        {
            ["apiVersion"] = RbacApiVersion,
            ["kind"] = kind,
            ["metadata"] = ns is null ? new JsonObject { ["name"] = name } : new JsonObject { ["name"] = name, ["namespace"] = ns },
        };
        foreach (var (key, value) in body)
        {
            obj[key] = value?.DeepClone();
        }

        return obj;
    }

    /// <summary>Omitting apiGroup and name binds the role named after the ClusterPermission.</summary>
    private static JsonObject RoleRef(JsonNode? roleRef, string defaultKind, string permissionName) => new()
    {
        ["apiGroup"] = roleRef.Str("apiGroup") ?? RbacGroup,
        ["kind"] = roleRef.Str("kind") ?? defaultKind,
        ["name"] = roleRef.Str("name") ?? permissionName,
    };

    private static JsonArray Subjects(JsonObject binding)
    {
        var subjects = binding["subjects"] is JsonArray { Count: > 0 } many ? many.Objects().ToList() : binding["subject"] is JsonObject one ? [one] : [];
        return [.. subjects.Select(s => (JsonNode)(s.Str("kind") == "ManagedServiceAccount"
            ? new JsonObject { ["kind"] = "ServiceAccount", ["name"] = s.Str("name"), ["namespace"] = OcmNames.AgentAddonNamespace }
            : s.CloneObject()))];
    }

    /// <summary>A role's namespace, or every hub namespace its namespaceSelector matches (as the real controller resolves it).</summary>
    private static IEnumerable<string> Namespaces(SimulatedCluster hub, JsonObject item)
    {
        if (item.Str("namespace") is { Length: > 0 } ns)
        {
            return [ns];
        }

        if (item["namespaceSelector"] is not JsonObject selector)
        {
            return [];
        }

        var match = LabelSelector.FromObject(selector);
        return hub.Store.List(OcmNames.Namespaces, null, n => match.Matches(n)).Items.Select(n => n.Metadata().Str("name") ?? "");
    }
}
