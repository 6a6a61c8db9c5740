using System.Globalization;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Controllers.Core;

/// <summary>
/// ConfigMap revision history (a Kubernaut fleet convention, see kind-fleet/README.md): every distinct content of a
/// ConfigMap's <c>data</c> is kept as a ControllerRevision <c>&lt;cm&gt;-v&lt;N&gt;</c> labelled
/// <c>kubernaut.ai/configmap</c> and <c>kubernaut.ai/revision</c>, and the ConfigMap carries
/// <c>kubernaut.ai/revision: "N"</c>. Rolling back is writing an old revision's data back, which becomes revision N+1.
/// </summary>
internal sealed class ConfigMapRevisionController : IClusterController
{
    public const string ConfigMapLabel = "kubernaut.ai/configmap";
    public const string RevisionLabel = "kubernaut.ai/revision";
    public const string RevisionAnnotation = "kubernaut.ai/revision";

    public IReadOnlyCollection<GroupResource> Watches { get; } = [Kinds.ConfigMaps, Kinds.ControllerRevisions];

    public TimeSpan? Reconcile(SimulatedCluster cluster)
    {
        var history = new Dictionary<(string Ns, string Cm), Dictionary<long, JsonNode?>>();
        cluster.Store.Scan(Kinds.ControllerRevisions, null, r =>
        {
            if (r.Metadata()["labels"].Str(ConfigMapLabel) is { } cm)
            {
                var key = (r.Namespace(), cm);
                if (!history.TryGetValue(key, out var revisions))
                {
                    history[key] = revisions = [];
                }

                revisions[r.Long("revision") ?? 0] = r["data"]?["data"]?.DeepClone();
            }
        });
        var stale = cluster.Store.List(Kinds.ConfigMaps, null, cm =>
        {
            var revisions = history.GetValueOrDefault((cm.Namespace(), cm.Name()));
            var current = long.TryParse(cm.Metadata()["annotations"].Str(RevisionAnnotation), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
            return revisions is null || !revisions.TryGetValue(current, out var recorded) || !JsonNode.DeepEquals(recorded ?? new JsonObject(), cm["data"] ?? new JsonObject());
        }).Items;
        foreach (var cm in stale)
        {
            var revisions = history.GetValueOrDefault((cm.Namespace(), cm.Name()));
            var revision = (revisions is null || revisions.Count == 0 ? 0 : revisions.Keys.Max()) + 1;
            Record(cluster, cm, revision);
        }

        return null;
    }

    private static void Record(SimulatedCluster cluster, JsonObject cm, long revision)
    {
        var text = revision.ToString(CultureInfo.InvariantCulture);
        cluster.Store.Create(cluster.TypeOf(Kinds.ControllerRevisions), new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ControllerRevision",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{cm.Name()}-v{text}",
                ["namespace"] = cm.Namespace(),
                ["labels"] = new JsonObject { [ConfigMapLabel] = cm.Name(), [RevisionLabel] = text },
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "ConfigMap",
                    ["name"] = cm.Name(),
                    ["uid"] = cm.Uid(),
                }),
            },
            // Like a StatefulSet's revisions, the payload is the patch that restores this revision: {"data": {...}}.
            ["data"] = new JsonObject { ["data"] = cm["data"]?.DeepClone() ?? new JsonObject() },
            ["revision"] = revision,
        });
        var data = cm["data"]?.DeepClone();
        cluster.Store.Mutate(cluster.TypeOf(Kinds.ConfigMaps), cm.Namespace(), cm.Name(), current =>
        {
            // Only stamp the revision if the data is still what was recorded; otherwise the next pass records the newer data.
            if (!JsonNode.DeepEquals(current["data"], data))
            {
                return null;
            }

            current.Metadata().Child("annotations")[RevisionAnnotation] = text;
            return current;
        });
    }
}
