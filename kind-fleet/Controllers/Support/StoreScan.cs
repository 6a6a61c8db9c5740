using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Resources;
using Kubernaut.KindFleet.Storage;

namespace Kubernaut.KindFleet.Controllers.Support;

/// <summary>
/// Reads stored objects without cloning them: the visitor runs on the store's own snapshot under its lock, so it must
/// only read and must not keep references. Controllers use it to decide cheaply whether anything needs doing, and
/// clone (via <see cref="ObjectStore.List"/> or <see cref="ObjectStore.Get"/>) only what they will change; with a
/// thousand clusters, cloning every pod on every pass is what would make the fleet slow.
/// </summary>
internal static class StoreScan
{
    public static void Scan(this ObjectStore store, GroupResource gr, string? ns, Action<JsonObject> visit) =>
        store.List(gr, ns, obj =>
        {
            visit(obj);
            return false;
        });

    /// <summary>Projects every object to a small record (which must copy what it needs out of the node).</summary>
    public static List<T> Project<T>(this ObjectStore store, GroupResource gr, string? ns, Func<JsonObject, T?> project)
        where T : class
    {
        var result = new List<T>();
        store.Scan(gr, ns, obj =>
        {
            if (project(obj) is { } item)
            {
                result.Add(item);
            }
        });
        return result;
    }
}
