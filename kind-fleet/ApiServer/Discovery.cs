using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.ApiServer;

/// <summary>The legacy (unaggregated) discovery documents kubectl, client-go and the Python dynamic client read.</summary>
internal static class Discovery
{
    public const string KubernetesVersion = "v1.32.4";

    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = KubernetesVersion + "+kind-fleet",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = "go1.23",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject LegacyVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject GroupList(ResourceCatalog catalog) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray([.. catalog.Groups.Select(g => (JsonNode)Group(catalog, g))]),
    };

    public static JsonObject Group(ResourceCatalog catalog, string group)
    {
        var versions = catalog.Versions(group).Select(v => new JsonObject { ["groupVersion"] = $"{group}/{v}", ["version"] = v }).ToList();
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = group,
            ["versions"] = new JsonArray([.. versions]),
            ["preferredVersion"] = versions.FirstOrDefault()?.DeepClone(),
        };
    }

    public static JsonObject ResourceList(ResourceCatalog catalog, string group, string version)
    {
        var resources = new JsonArray();
        foreach (var t in catalog.InGroupVersion(group, version))
        {
            resources.Add(new JsonObject
            {
                ["name"] = t.Plural,
                ["singularName"] = t.Singular,
                ["namespaced"] = t.Namespaced,
                ["kind"] = t.Kind,
                ["verbs"] = Strings(t.Verbs),
                ["shortNames"] = Strings(t.ShortNames),
                ["categories"] = Strings(t.Categories),
            });
            foreach (var sub in t.Subresources)
            {
                resources.Add(Subresource(t, sub));
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }

    private static JsonObject Subresource(ResourceType t, string sub)
    {
        var (g, v, kind, verbs) = sub switch
        {
            "scale" => ("autoscaling", "v1", "Scale", new[] { "get", "patch", "update" }),
            "eviction" => ("policy", "v1", "Eviction", ["create"]),
            "token" => ("authentication.k8s.io", "v1", "TokenRequest", ["create"]),
            "binding" => ("", "", "Binding", ["create"]),
            "log" => ("", "", t.Kind, ["get"]),
            "proxy" => ("", "", "ServiceProxyOptions", ["create", "delete", "get", "patch", "update"]),
            "finalize" => ("", "", t.Kind, ["update"]),
            _ => ("", "", t.Kind, ["get", "patch", "update"]),
        };
        var doc = new JsonObject
        {
            ["name"] = $"{t.Plural}/{sub}",
            ["singularName"] = "",
            ["namespaced"] = t.Namespaced,
            ["kind"] = kind,
            ["verbs"] = Strings(verbs),
        };
        if (g.Length > 0)
        {
            doc["group"] = g;
            doc["version"] = v;
        }

        return doc;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
}
