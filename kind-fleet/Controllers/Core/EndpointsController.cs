using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;
using Kubernaut.KindFleet.Selectors;

namespace Kubernaut.KindFleet.Controllers.Core;

/// <summary>
/// The endpoints and endpointslice controllers: for every Service with a selector, an Endpoints object (ready pods in
/// addresses, the rest in notReadyAddresses) and an EndpointSlice labelled <c>kubernetes.io/service-name</c>, both
/// following pod readiness. Written only when their content changes.
/// </summary>
internal sealed class EndpointsController : IClusterController
{
    public const string ServiceNameLabel = "kubernetes.io/service-name";
    private const string TriggerAnnotation = "endpoints.kubernetes.io/last-change-trigger-time";

    public IReadOnlyCollection<GroupResource> Watches { get; } = [Kinds.Services, Kinds.Pods, Kinds.Endpoints, Kinds.EndpointSlices];

    public TimeSpan? Reconcile(SimulatedCluster cluster)
    {
        var pods = cluster.Store.Project(Kinds.Pods, null, PodEndpoint.From).GroupBy(p => p.Namespace)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var services = cluster.Store.List(Kinds.Services, null, s => s["spec"]?["selector"] is JsonObject { Count: > 0 }).Items;
        var wanted = new HashSet<(string, string)>();
        foreach (var service in services)
        {
            wanted.Add((service.Namespace(), service.Name()));
            var selector = LabelSelector.FromObject(new JsonObject { ["matchLabels"] = service["spec"]?["selector"]?.DeepClone() });
            var selected = (pods.GetValueOrDefault(service.Namespace()) ?? []).Where(p => selector.Matches(p.Labels)).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
            SyncEndpoints(cluster, service, selected);
            EndpointSlices.Sync(cluster, service, selected);
        }

        RemoveOrphans(cluster, wanted);
        return null;
    }

    private static void SyncEndpoints(SimulatedCluster cluster, JsonObject service, List<PodEndpoint> pods)
    {
        var ready = pods.Where(p => p.Ready && !p.Terminating).ToList();
        var notReady = pods.Where(p => !p.Ready && !p.Terminating).ToList();
        var subsets = new JsonArray();
        if (ready.Count + notReady.Count > 0)
        {
            var subset = new JsonObject();
            if (ready.Count > 0)
            {
                subset["addresses"] = new JsonArray([.. ready.Select(p => (JsonNode)p.Address())]);
            }

            if (notReady.Count > 0)
            {
                subset["notReadyAddresses"] = new JsonArray([.. notReady.Select(p => (JsonNode)p.Address())]);
            }

            subset["ports"] = new JsonArray([.. service["spec"]?["ports"].Objects().Select(port => (JsonNode)new JsonObject
            {
                ["name"] = port.Str("name"),
                ["port"] = PodEndpoint.TargetPort(port, pods),
                ["protocol"] = port.Str("protocol") ?? "TCP",
            }) ?? []]);
            subsets.Add(subset);
        }

        var type = cluster.TypeOf(Kinds.Endpoints);
        var existing = cluster.Store.Get(Kinds.Endpoints, service.Namespace(), service.Name());
        var now = ObjectRefs.Timestamp(cluster.Time.GetUtcNow());
        if (existing is null)
        {
            cluster.Store.Create(type, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Endpoints",
                ["metadata"] = new JsonObject
                {
                    ["name"] = service.Name(),
                    ["namespace"] = service.Namespace(),
                    ["labels"] = service.Metadata()["labels"]?.DeepClone(),
                    ["annotations"] = new JsonObject { [TriggerAnnotation] = now },
                },
                ["subsets"] = subsets.Count > 0 ? subsets : null,
            });
            return;
        }

        if (!JsonNode.DeepEquals(existing["subsets"] ?? new JsonArray(), subsets))
        {
            cluster.Store.Mutate(type, service.Namespace(), service.Name(), current =>
            {
                current["subsets"] = subsets.Count > 0 ? subsets.DeepClone() : null;
                current.Metadata().Child("annotations")[TriggerAnnotation] = now;
                return current;
            });
        }
    }

    /// <summary>Endpoints this controller made (they carry its trigger-time annotation) whose Service is gone.</summary>
    private static void RemoveOrphans(SimulatedCluster cluster, HashSet<(string, string)> wanted)
    {
        var orphans = cluster.Store.Project(Kinds.Endpoints, null, e =>
            e.Metadata()["annotations"].Str(TriggerAnnotation) is not null && !wanted.Contains((e.Namespace(), e.Name())) ? Tuple.Create(e.Namespace(), e.Name()) : null);
        foreach (var (ns, name) in orphans)
        {
            cluster.Store.Delete(cluster.TypeOf(Kinds.Endpoints), ns, name);
        }
    }
}
