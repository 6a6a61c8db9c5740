using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Resources;
using Kubernaut.KindFleet.Storage;

namespace Kubernaut.KindFleet.ApiServer;

/// <summary>
/// Enough OpenAPI for clients to get by: v2 with an open schema per kind (tagged with its group/version/kind),
/// and the v3 index with one document per group version whose PATCH operations advertise fieldValidation.
/// Schemas are deliberately permissive: the simulated apiserver does not validate field shapes.
/// </summary>
internal static class OpenApi
{
    public static Task WriteAsync(HttpContext ctx, ResourceCatalog catalog, string rest)
    {
        var doc = rest switch
        {
            "v2" => V2(catalog),
            "v3" => V3Index(catalog),
            _ when rest.StartsWith("v3/", StringComparison.Ordinal) => V3Document(catalog, rest[3..]),
            _ => throw KubeApiException.NotFound("openapi", rest),
        };
        return KubeResponses.WriteJsonAsync(ctx, doc);
    }

    private static JsonObject V2(ResourceCatalog catalog)
    {
        var definitions = new JsonObject();
        foreach (var t in catalog.All)
        {
            definitions[DefinitionName(t)] = Schema(t);
        }

        return new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = Discovery.KubernetesVersion },
            ["paths"] = new JsonObject(),
            ["definitions"] = definitions,
        };
    }

    private static JsonObject V3Index(ResourceCatalog catalog)
    {
        var paths = new JsonObject();
        foreach (var (group, version) in catalog.All.Select(t => (t.Group, t.Version)).Distinct())
        {
            var key = GroupVersionPath(group, version);
            paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash={Math.Abs(key.GetHashCode(StringComparison.Ordinal))}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    private static JsonObject V3Document(ResourceCatalog catalog, string groupVersionPath)
    {
        var types = catalog.All.Where(t => GroupVersionPath(t.Group, t.Version) == groupVersionPath).ToList();
        if (types.Count == 0)
        {
            throw KubeApiException.NotFound("openapi", groupVersionPath);
        }

        var schemas = new JsonObject();
        var paths = new JsonObject();
        foreach (var t in types)
        {
            schemas[DefinitionName(t)] = Schema(t);
            var prefix = "/" + groupVersionPath + (t.Namespaced ? "/namespaces/{namespace}/" : "/") + t.Plural + "/{name}";
            paths[prefix] = new JsonObject
            {
                ["patch"] = new JsonObject
                {
                    ["parameters"] = new JsonArray(
                        new JsonObject { ["name"] = "fieldValidation", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } },
                        new JsonObject { ["name"] = "fieldManager", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } }),
                    ["x-kubernetes-group-version-kind"] = Gvk(t),
                },
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = Discovery.KubernetesVersion },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    private static JsonObject Schema(ResourceType t) => new()
    {
        ["type"] = "object",
        ["x-kubernetes-preserve-unknown-fields"] = true,
        ["x-kubernetes-group-version-kind"] = new JsonArray(Gvk(t)),
    };

    private static JsonObject Gvk(ResourceType t) => new() { ["group"] = t.Group, ["version"] = t.Version, ["kind"] = t.Kind };

    private static string DefinitionName(ResourceType t) => $"{(t.Group.Length == 0 ? "core" : t.Group)}.{t.Version}.{t.Kind}";

    private static string GroupVersionPath(string group, string version) => group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";
}
