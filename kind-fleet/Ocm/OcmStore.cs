using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Ocm;

/// <summary>Read-modify-write helpers the addon controllers use on a cluster's store (no admission, no RBAC: they are the control plane).</summary>
internal static class OcmStore
{
    /// <summary>Creates the object, or lets <paramref name="update"/> change the stored one (returning it unchanged is a no-op).</summary>
    public static JsonObject Upsert(SimulatedCluster cluster, JsonObject desired, Func<JsonObject, JsonObject>? update = null)
    {
        var type = TypeOf(cluster, desired);
        var meta = desired.Metadata();
        var ns = type.Namespaced ? meta.Str("namespace") ?? "" : "";
        var name = meta.Str("name") ?? throw new InvalidOperationException("an object needs a name");
        var updated = cluster.Store.Mutate(type, ns, name, current => (update ?? ReplaceSpec(desired))(current));
        if (updated is not null)
        {
            return updated;
        }

        var created = desired.CloneObject();
        Defaults.Apply(type, created, cluster);
        return cluster.Store.Create(type, created);
    }

    /// <summary>The default update: everything but metadata and status comes from the desired object; labels merge.</summary>
    public static Func<JsonObject, JsonObject> ReplaceSpec(JsonObject desired) => current =>
    {
        foreach (var (key, value) in desired)
        {
            if (key is not ("metadata" or "status"))
            {
                current[key] = value?.DeepClone();
            }
        }

        foreach (var (key, value) in desired.Metadata()["labels"].StringMap())
        {
            current.Metadata().Child("labels")[key] = value;
        }

        if (desired.Metadata()["ownerReferences"] is JsonArray owners)
        {
            current.Metadata()["ownerReferences"] = owners.DeepClone();
        }

        return current;
    };

    public static void EnsureNamespace(SimulatedCluster cluster, string name, IReadOnlyDictionary<string, string>? labels = null)
    {
        if (cluster.Store.Get(OcmNames.Namespaces, "", name) is not null)
        {
            return;
        }

        var all = new JsonObject { ["kubernetes.io/metadata.name"] = name };
        foreach (var (k, v) in labels ?? new Dictionary<string, string>())
        {
            all[k] = v;
        }

        Upsert(cluster, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = all },
        });
    }

    public static void SetStatus(SimulatedCluster cluster, JsonObject obj, Action<JsonObject> change)
    {
        var type = TypeOf(cluster, obj);
        var meta = obj.Metadata();
        cluster.Store.Mutate(type, meta.Str("namespace") ?? "", meta.Str("name") ?? "", current =>
        {
            if (current.Metadata().Str("uid") != meta.Str("uid"))
            {
                return null;
            }

            change(current.Child("status"));
            return current;
        });
    }

    public static void Delete(SimulatedCluster cluster, GroupResource resource, string ns, string name)
    {
        var type = cluster.Catalog.FindAnyVersion(resource);
        if (type is not null)
        {
            cluster.Store.Delete(type, ns, name);
        }
    }

    public static JsonObject OwnerReference(JsonObject owner, bool controller = true) => new()
    {
        ["apiVersion"] = owner.Str("apiVersion"),
        ["kind"] = owner.Str("kind"),
        ["name"] = owner.Metadata().Str("name"),
        ["uid"] = owner.Metadata().Str("uid"),
        ["controller"] = controller,
        ["blockOwnerDeletion"] = true,
    };

    /// <summary>The uid of the owner of the given kind, if the object has one.</summary>
    public static string? OwnerUid(JsonObject obj, string kind) =>
        obj.Metadata()["ownerReferences"].Objects().FirstOrDefault(o => o.Str("kind") == kind).Str("uid");

    public static bool IsDeleting(JsonObject obj) => obj.Metadata().Str("deletionTimestamp") is not null;

    /// <summary>The spoke a hub namespace stands for (a cluster namespace), or null.</summary>
    public static SimulatedCluster? Spoke(SimulatedFleet fleet, string? clusterNamespace) =>
        clusterNamespace is null || clusterNamespace == SimulatedFleet.HubName ? null : fleet.Find(clusterNamespace);

    private static ResourceType TypeOf(SimulatedCluster cluster, JsonObject obj) =>
        cluster.Catalog.FindByKind(obj.Str("apiVersion") ?? "", obj.Str("kind") ?? "")
        ?? throw new InvalidOperationException($"{obj.Str("apiVersion")}/{obj.Str("kind")} is not served by {cluster.Name}");
}
