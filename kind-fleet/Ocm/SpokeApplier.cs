using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Patching;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Ocm;

/// <summary>Where one manifest of a ManifestWork lives on the spoke (the <c>resourceMeta</c> of its status).</summary>
internal sealed record ManifestIdentity(int Ordinal, string Group, string Version, string Kind, string Resource, string Namespace, string Name)
{
    public JsonObject ToResourceMeta() => new()
    {
        ["ordinal"] = Ordinal,
        ["group"] = Group,
        ["version"] = Version,
        ["kind"] = Kind,
        ["resource"] = Resource,
        ["name"] = Name,
        ["namespace"] = Namespace,
    };

    public static ManifestIdentity FromResourceMeta(JsonObject meta) => new(
        (int)(meta.Long("ordinal") ?? 0), meta.Str("group") ?? "", meta.Str("version") ?? "", meta.Str("kind") ?? "",
        meta.Str("resource") ?? "", meta.Str("namespace") ?? "", meta.Str("name") ?? "");

    public bool SameObject(ManifestIdentity other) =>
        Group == other.Group && Resource == other.Resource && Namespace == other.Namespace && Name == other.Name;
}

/// <summary>The work agent's apply: create with the apiserver's defaults, or merge the manifest over what is there.</summary>
internal static class SpokeApplier
{
    public static (ManifestIdentity? Identity, string? Error) Apply(SimulatedCluster spoke, JsonObject manifest, int ordinal)
    {
        var type = spoke.Catalog.FindByKind(manifest.Str("apiVersion") ?? "", manifest.Str("kind") ?? "");
        if (type is null)
        {
            return (null, $"no matches for kind \"{manifest.Str("kind")}\" in version \"{manifest.Str("apiVersion")}\"");
        }

        var desired = manifest.CloneObject();
        var meta = desired.Metadata();
        var ns = type.Namespaced ? meta.Str("namespace") ?? "default" : "";
        if (type.Namespaced)
        {
            meta["namespace"] = ns;
        }

        var name = meta.Str("name");
        if (string.IsNullOrEmpty(name))
        {
            return (null, "metadata.name: Required value");
        }

        if (type.Namespaced && spoke.Store.Get(OcmNames.Namespaces, "", ns) is null)
        {
            return (null, $"namespaces \"{ns}\" not found");
        }

        var identity = new ManifestIdentity(ordinal, type.Group, type.Version, type.Kind, type.Plural, ns, name);
        var updated = spoke.Store.Mutate(type, ns, name, current => MergePatch.Apply(current, WithoutServerFields(desired)) as JsonObject);
        if (updated is null)
        {
            Defaults.Apply(type, desired, spoke);
            spoke.Store.Create(type, desired);
        }

        return (identity, null);
    }

    public static bool Exists(SimulatedCluster spoke, ManifestIdentity id) =>
        spoke.Store.Get(new GroupResource(id.Group, id.Resource), id.Namespace, id.Name) is not null;

    public static void Delete(SimulatedCluster spoke, ManifestIdentity id) =>
        OcmStore.Delete(spoke, new GroupResource(id.Group, id.Resource), id.Namespace, id.Name);

    private static JsonObject WithoutServerFields(JsonObject manifest)
    {
        var patch = manifest.CloneObject();
        patch.Remove("status");
        foreach (var key in new[] { "resourceVersion", "uid", "creationTimestamp", "generation" })
        {
            patch.Metadata().Remove(key);
        }

        return patch;
    }
}
