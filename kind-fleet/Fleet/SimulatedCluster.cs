using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Auth;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;
using Kubernaut.KindFleet.Storage;

namespace Kubernaut.KindFleet.Fleet;

/// <summary>One simulated cluster: its store, what it serves, its token authority, its container logs.</summary>
internal sealed class SimulatedCluster
{
    public SimulatedCluster(string name, TimeProvider time, int watchHistory = 2048)
    {
        Name = name;
        Time = time;
        Store = new ObjectStore(time, watchHistory);
        Catalog = new ResourceCatalog();
        Tokens = new ServiceAccountTokens(time);
        Authorizer = new RbacAuthorizer(Store);
        CustomResourceDefinitions.Attach(this);
    }

    public string Name { get; }

    public TimeProvider Time { get; }

    public ObjectStore Store { get; }

    public ResourceCatalog Catalog { get; }

    public ServiceAccountTokens Tokens { get; }

    public RbacAuthorizer Authorizer { get; }

    public PodLogStore Logs { get; } = new();

    public ResourceType Type(string group, string plural) =>
        Catalog.FindAnyVersion(new GroupResource(group, plural)) ?? throw new InvalidOperationException($"{plural}.{group} is not served");

    /// <summary>Creates or replaces an object as a controller would (no admission, no RBAC).</summary>
    public JsonObject Apply(JsonObject obj)
    {
        var type = Catalog.FindByKind(obj.Str("apiVersion") ?? "", obj.Str("kind") ?? "")
            ?? throw new InvalidOperationException($"{obj.Str("apiVersion")}/{obj.Str("kind")} is not served by {Name}");
        var meta = obj.Metadata();
        var existing = Store.Get(type.GroupResource, meta.Str("namespace") ?? "", meta.Str("name") ?? "");
        if (existing is null)
        {
            return Store.Create(type, obj);
        }

        var merged = obj.CloneObject();
        merged["status"] ??= existing["status"]?.DeepClone();
        return Store.Replace(type, merged, expectedRevision: null);
    }

    public string? ServiceAccountUid(string ns, string name) =>
        Store.Get(new GroupResource("", "serviceaccounts"), ns, name)?.Metadata().Str("uid");
}
