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
            "v3" => V3Index(catalog, ServerPrefix(ctx)),
            _ when rest.StartsWith("v3/", StringComparison.Ordinal) => V3Document(catalog, rest[3..]),
            _ => throw KubeApiException.NotFound("openapi", rest),
        };
        // As the real apiserver: the index changes whenever a CRD is added, so clients must revalidate it; a
        // document is addressed by its content hash and never changes.
        ctx.Response.Headers.CacheControl = rest == "v3" || rest == "v2" ? "no-cache, private" : "public, immutable";
        return KubeResponses.WriteJsonAsync(ctx, doc);
    }

    private static JsonObject V2(ResourceCatalog catalog)
    {
        var definitions = new JsonObject();
        foreach (var t in catalog.All)
        {
            definitions[DefinitionName(t)] = Schema(t, "#/definitions/");
        }

        definitions[ObjectMetaName] = ObjectMeta();
        return new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = Discovery.KubernetesVersion },
            ["paths"] = new JsonObject(),
            ["definitions"] = definitions,
        };
    }

    /// <summary>
    /// The path this cluster's API is served under (<c>/clusters/hub</c>, <c>/cluster-proxy/prod-us-east</c>). client-go
    /// requests a serverRelativeURL from the host root, so the index must carry the prefix for clients to find the documents.
    /// </summary>
    private static string ServerPrefix(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "";
        var at = path.LastIndexOf("/openapi/v3", StringComparison.Ordinal);
        return at > 0 ? path[..at] : "";
    }

    private static JsonObject V3Index(ResourceCatalog catalog, string serverPrefix)
    {
        var paths = new JsonObject();
        foreach (var (group, version) in catalog.All.Select(t => (t.Group, t.Version)).Distinct())
        {
            var key = GroupVersionPath(group, version);
            paths[key] = new JsonObject { ["serverRelativeURL"] = $"{serverPrefix}/openapi/v3/{key}?hash={Math.Abs(key.GetHashCode(StringComparison.Ordinal))}" };
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

        var schemas = new JsonObject { [ObjectMetaName] = ObjectMeta() };
        var paths = new JsonObject();
        foreach (var t in types)
        {
            schemas[DefinitionName(t)] = Schema(t, "#/components/schemas/");
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

    private const string ObjectMetaName = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

    /// <summary>
    /// The top-level fields every kind has, described as the real schemas describe them (enough for <c>kubectl explain</c>);
    /// spec and status stay open objects because the simulated apiserver does not validate field shapes.
    /// </summary>
    private static JsonObject Schema(ResourceType t, string refPrefix) => new()
    {
        ["type"] = "object",
        ["description"] = $"{t.Kind} is a {t.ApiVersion} resource served by the simulated kind-fleet apiserver.",
        ["x-kubernetes-preserve-unknown-fields"] = true,
        ["properties"] = new JsonObject
        {
            ["apiVersion"] = Field("string", "APIVersion defines the versioned schema of this representation of an object."),
            ["kind"] = Field("string", "Kind is a string value representing the REST resource this object represents."),
            ["metadata"] = new JsonObject
            {
                ["description"] = "Standard object's metadata.",
                ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = refPrefix + ObjectMetaName }),
            },
            ["spec"] = OpenObject($"Spec defines the desired state of the {t.Kind}."),
            ["status"] = OpenObject($"Status is the most recently observed state of the {t.Kind}."),
        },
        ["x-kubernetes-group-version-kind"] = new JsonArray(Gvk(t)),
    };

    private static JsonObject ObjectMeta() => new()
    {
        ["type"] = "object",
        ["description"] = "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.",
        ["properties"] = new JsonObject
        {
            ["name"] = Field("string", "Name must be unique within a namespace."),
            ["namespace"] = Field("string", "Namespace defines the space within which each name must be unique."),
            ["generateName"] = Field("string", "GenerateName is an optional prefix, used by the server, to generate a unique name."),
            ["uid"] = Field("string", "UID is the unique in time and space value for this object."),
            ["resourceVersion"] = Field("string", "An opaque value that represents the internal version of this object."),
            ["generation"] = Field("integer", "A sequence number representing a specific generation of the desired state."),
            ["creationTimestamp"] = Field("string", "CreationTimestamp is a timestamp representing the server time when this object was created."),
            ["deletionTimestamp"] = Field("string", "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted."),
            ["labels"] = new JsonObject { ["type"] = "object", ["description"] = "Map of string keys and values that can be used to organize and categorize objects.", ["additionalProperties"] = new JsonObject { ["type"] = "string" } },
            ["annotations"] = new JsonObject { ["type"] = "object", ["description"] = "Annotations is an unstructured key value map.", ["additionalProperties"] = new JsonObject { ["type"] = "string" } },
            ["finalizers"] = new JsonObject { ["type"] = "array", ["description"] = "Must be empty before the object is deleted from the registry.", ["items"] = new JsonObject { ["type"] = "string" } },
        },
    };

    private static JsonObject Field(string type, string description) => new() { ["type"] = type, ["description"] = description };

    private static JsonObject OpenObject(string description) => new()
    {
        ["type"] = "object",
        ["description"] = description,
        ["x-kubernetes-preserve-unknown-fields"] = true,
    };

    private static JsonObject Gvk(ResourceType t) => new() { ["group"] = t.Group, ["version"] = t.Version, ["kind"] = t.Kind };

    private static string DefinitionName(ResourceType t) => $"{(t.Group.Length == 0 ? "core" : t.Group)}.{t.Version}.{t.Kind}";

    private static string GroupVersionPath(string group, string version) => group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";
}
