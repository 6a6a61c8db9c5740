using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;
using Kubernaut.KindFleet.Storage;

namespace Kubernaut.KindFleet.ApiServer;

/// <summary>What the apiserver does to an object before storing it: identity checks, generateName, defaults.</summary>
internal static class Admission
{
    private static readonly GroupResource Namespaces = new("", "namespaces");

    public static void PrepareCreate(ResourceRequest r, JsonObject obj)
    {
        CheckKind(r, obj);
        var meta = obj.Metadata();
        if (meta.Str("name") is null && meta.Str("generateName") is { } prefix)
        {
            meta["name"] = prefix + RandomSuffix();
        }

        if (r.Name is not null && meta.Str("name") is { } bodyName && bodyName != r.Name)
        {
            throw KubeApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({r.Name})");
        }

        meta["name"] ??= r.Name;
        var name = meta.Str("name") ?? throw KubeApiException.Invalid(r.Type.Kind, "", "metadata.name: Required value: name or generateName is required");
        if (r.Type.Namespaced)
        {
            var ns = meta.Str("namespace");
            if (ns is not null && r.Namespace is not null && ns != r.Namespace)
            {
                throw KubeApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            meta["namespace"] = r.Namespace ?? ns ?? "default";
            if (r.Cluster.Store.Get(Namespaces, "", meta.Str("namespace")!) is null)
            {
                throw KubeApiException.NotFound("namespaces", meta.Str("namespace")!);
            }
        }

        meta.Remove("resourceVersion");
        Defaults.Apply(r.Type, obj, r.Cluster);
        ValidateName(r, name);
    }

    public static void PrepareUpdate(ResourceRequest r, JsonObject obj)
    {
        CheckKind(r, obj);
        var meta = obj.Metadata();
        meta["name"] ??= r.Name;
        if (meta.Str("name") != r.Name)
        {
            throw KubeApiException.BadRequest($"the name of the object ({meta.Str("name")}) does not match the name on the URL ({r.Name})");
        }

        if (r.Type.Namespaced)
        {
            meta["namespace"] ??= r.Namespace;
        }
    }

    private static void CheckKind(ResourceRequest r, JsonObject obj)
    {
        obj["apiVersion"] ??= r.Type.ApiVersion;
        obj["kind"] ??= r.Type.Kind;
        if (obj.Str("kind") != r.Type.Kind)
        {
            throw KubeApiException.BadRequest($"the API version in the data ({obj.Str("apiVersion")}) and kind ({obj.Str("kind")}) do not match the resource {r.Type.GroupResource}");
        }
    }

    private static void ValidateName(ResourceRequest r, string name)
    {
        if (name.Length > 253 || !System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z0-9]([-a-z0-9.:]*[a-z0-9])?$"))
        {
            throw KubeApiException.Invalid(r.Type.Kind, name,
                "metadata.name: Invalid value: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'");
        }
    }

    public static string RandomSuffix(int length = 5)
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return string.Create(length, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
            }
        });
    }
}
