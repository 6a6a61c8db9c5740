using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;

namespace Kubernaut.KindFleet.Controllers.Apps;

/// <summary>A StatefulSet's ControllerRevisions: one per pod template, <c>&lt;sts&gt;-&lt;hash&gt;</c>, numbered.</summary>
internal static class StatefulSetRevisions
{
    public const string HashLabel = "controller.kubernetes.io/hash";

    /// <summary>Returns the revision name for the current template, creating (or renumbering) its ControllerRevision.</summary>
    public static string Ensure(SimulatedCluster cluster, JsonObject sts, List<JsonObject> owned)
    {
        var template = sts["spec"]?["template"];
        var hash = TemplateHash.Of(template);
        var name = $"{sts.Name()}-{hash}";
        var max = owned.Count == 0 ? 0 : owned.Max(r => r.Long("revision") ?? 0);
        var type = cluster.TypeOf(Kinds.ControllerRevisions);
        var existing = owned.FirstOrDefault(r => r.Name() == name);
        if (existing is null)
        {
            var labels = (template?["metadata"]?["labels"] as JsonObject)?.CloneObject() ?? [];
            labels[HashLabel] = hash;
            var data = (template as JsonObject)?.CloneObject() ?? [];
            data["$patch"] = "replace";
            try
            {
                cluster.Store.Create(type, new JsonObject
                {
                    ["apiVersion"] = "apps/v1",
                    ["kind"] = "ControllerRevision",
                    ["metadata"] = new JsonObject
                    {
                        ["name"] = name,
                        ["namespace"] = sts.Namespace(),
                        ["labels"] = labels,
                        ["ownerReferences"] = ObjectRefs.ControllerReference(sts),
                    },
                    ["data"] = new JsonObject { ["spec"] = new JsonObject { ["template"] = data } },
                    ["revision"] = max + 1,
                });
            }
            catch (Storage.KubeApiException)
            {
                // Left over from an earlier StatefulSet of the same name; the garbage collector removes it.
            }
        }
        else if ((existing.Long("revision") ?? 0) < max && sts["status"].Str("updateRevision") != name)
        {
            cluster.Store.Mutate(type, existing.Namespace(), name, r =>
            {
                r["revision"] = max + 1;
                return r;
            });
        }

        return name;
    }

    public static void Prune(SimulatedCluster cluster, JsonObject sts, List<JsonObject> owned, params string?[] live)
    {
        var limit = (int)(sts["spec"].Long("revisionHistoryLimit") ?? 10);
        var history = owned.Where(r => !live.Contains(r.Name())).OrderBy(r => r.Long("revision") ?? 0).ToList();
        foreach (var r in history.Take(Math.Max(0, history.Count - limit)))
        {
            cluster.Store.Delete(cluster.TypeOf(Kinds.ControllerRevisions), r.Namespace(), r.Name());
        }
    }
}
