using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Ocm;

/// <summary>
/// The work agent of every spoke: a ManifestWork in a cluster namespace is applied onto that spoke, with
/// Applied/Available conditions and per-manifest resourceStatus. What it applied is remembered in its status, so a
/// manifest dropped from the spec, or the whole work being deleted (finalizer <c>manifest-work-cleanup</c>), removes
/// the spoke objects again unless deleteOption orphans them.
/// </summary>
internal sealed class ManifestWorkController(SimulatedFleet fleet) : IClusterController
{
    private static readonly TimeSpan AvailabilityRecheck = TimeSpan.FromSeconds(5);

    public IReadOnlyCollection<GroupResource> Watches { get; } = [OcmNames.ManifestWorks];

    public bool RunsOn(SimulatedCluster cluster) => cluster.Name == SimulatedFleet.HubName;

    public TimeSpan? Reconcile(SimulatedCluster hub)
    {
        var type = hub.Type(OcmNames.WorkGroup, OcmNames.ManifestWorks.Resource);
        TimeSpan? next = null;
        foreach (var work in hub.Store.List(OcmNames.ManifestWorks, null).Items)
        {
            var meta = work.Metadata();
            if (OcmStore.Spoke(fleet, meta.Str("namespace")) is not { } spoke)
            {
                continue;
            }

            if (OcmStore.IsDeleting(work))
            {
                RemoveApplied(spoke, work, Previous(work));
                hub.Store.Mutate(type, spoke.Name, meta.Str("name") ?? "", current =>
                {
                    current.Metadata()["finalizers"] = new JsonArray([.. current.Metadata()["finalizers"].Strings().Where(f => f != OcmNames.ManifestWorkFinalizer).Select(f => (JsonNode?)f)]);
                    return current;
                });
                continue;
            }

            if (!meta["finalizers"].Strings().Contains(OcmNames.ManifestWorkFinalizer))
            {
                hub.Store.Mutate(type, spoke.Name, meta.Str("name") ?? "", current =>
                {
                    current.Metadata().ArrayOf("finalizers").Add(OcmNames.ManifestWorkFinalizer);
                    return current;
                });
            }

            Apply(hub, spoke, work);
            next = AvailabilityRecheck;
        }

        return next;
    }

    private static void Apply(SimulatedCluster hub, SimulatedCluster spoke, JsonObject work)
    {
        var now = hub.Time.GetUtcNow();
        var manifests = work["spec"]?["workload"]?["manifests"].Objects().ToList() ?? [];
        var results = manifests.Select((m, i) => SpokeApplier.Apply(spoke, m, i)).ToList();
        var applied = results.Where(r => r.Identity is not null).Select(r => r.Identity!).ToList();
        RemoveApplied(spoke, work, Previous(work).Where(p => !applied.Any(a => a.SameObject(p))));

        var generation = work.Metadata().Long("generation");
        OcmStore.SetStatus(hub, work, status =>
        {
            var entries = new JsonArray();
            var allApplied = true;
            var allAvailable = true;
            for (var i = 0; i < results.Count; i++)
            {
                var (identity, error) = results[i];
                var entry = new JsonObject();
                var available = identity is not null && SpokeApplier.Exists(spoke, identity);
                entry["resourceMeta"] = identity?.ToResourceMeta() ?? new JsonObject { ["ordinal"] = i, ["kind"] = manifests[i].Str("kind"), ["name"] = manifests[i].Metadata().Str("name") };
                var previous = status["resourceStatus"]?["manifests"].Objects().FirstOrDefault(e => e["resourceMeta"].Long("ordinal") == i);
                var conditions = new JsonObject { ["conditions"] = previous?["conditions"]?.DeepClone() ?? new JsonArray() };
                OcmConditions.Set(conditions, "Applied", error is null, error is null ? "AppliedManifestComplete" : "AppliedManifestFailed", error ?? "Apply manifest complete", now);
                OcmConditions.Set(conditions, "Available", available, available ? "ResourceAvailable" : "ResourceNotAvailable", available ? "Resource is available" : "Resource is not available", now);
                entry["conditions"] = conditions["conditions"]?.DeepClone();
                entries.Add(entry);
                allApplied &= error is null;
                allAvailable &= available;
            }

            status["resourceStatus"] = new JsonObject { ["manifests"] = entries };
            OcmConditions.Set(status, "Applied", allApplied, allApplied ? "AppliedManifestWorkComplete" : "AppliedManifestWorkFailed",
                allApplied ? "Apply manifest work complete" : "Failed to apply manifest work: " + string.Join("; ", results.Select(r => r.Error).OfType<string>()), now, generation);
            OcmConditions.Set(status, "Available", allAvailable, allAvailable ? "ResourcesAvailable" : "ResourcesNotAvailable",
                allAvailable ? "All resources are available" : "One or more resources are not available", now, generation);
        });
    }

    private static List<ManifestIdentity> Previous(JsonObject work) =>
        [.. (work["status"]?["resourceStatus"]?["manifests"]).Objects()
            .Select(e => e["resourceMeta"] as JsonObject)
            .Where(m => m?.Str("resource") is { Length: > 0 })
            .Select(m => ManifestIdentity.FromResourceMeta(m!))];

    private static void RemoveApplied(SimulatedCluster spoke, JsonObject work, IEnumerable<ManifestIdentity> identities)
    {
        var deleteOption = work["spec"]?["deleteOption"];
        var policy = deleteOption.Str("propagationPolicy") ?? "Foreground";
        if (policy == "Orphan")
        {
            return;
        }

        var orphans = policy == "SelectivelyOrphan" ? deleteOption?["selectivelyOrphans"]?["orphaningRules"].Objects().ToList() ?? [] : [];
        foreach (var id in identities)
        {
            var orphaned = orphans.Any(r => (r.Str("group") ?? "") == id.Group && r.Str("resource") == id.Resource
                && r.Str("name") == id.Name && (r.Str("namespace") ?? "") == id.Namespace);
            if (!orphaned)
            {
                SpokeApplier.Delete(spoke, id);
            }
        }
    }
}
