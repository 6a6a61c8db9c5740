using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;

namespace Kubernaut.KindFleet.Controllers.Core;

/// <summary>One EndpointSlice per Service (<c>&lt;svc&gt;-&lt;5 chars&gt;</c>), owned by it, with ready/serving/terminating.</summary>
internal static class EndpointSlices
{
    private const string ManagedBy = "endpointslice.kubernetes.io/managed-by";

    public static void Sync(SimulatedCluster cluster, JsonObject service, List<PodEndpoint> pods)
    {
        var endpoints = new JsonArray([.. pods.Select(p => (JsonNode)new JsonObject
        {
            ["addresses"] = new JsonArray(p.Ip),
            ["conditions"] = new JsonObject { ["ready"] = p.Ready && !p.Terminating, ["serving"] = p.Ready, ["terminating"] = p.Terminating },
            ["nodeName"] = p.NodeName,
            ["targetRef"] = p.TargetRef(),
        })]);
        var ports = new JsonArray([.. service["spec"]?["ports"].Objects().Select(port => (JsonNode)new JsonObject
        {
            ["name"] = port.Str("name") ?? "",
            ["port"] = PodEndpoint.TargetPort(port, pods),
            ["protocol"] = port.Str("protocol") ?? "TCP",
        }) ?? []]);
        var type = cluster.TypeOf(Kinds.EndpointSlices);
        var existing = cluster.Store.List(Kinds.EndpointSlices, service.Namespace(),
            s => s.Metadata()["labels"].Str(EndpointsController.ServiceNameLabel) == service.Name() && ObjectRefs.ControllerUid(s) == service.Uid()).Items.FirstOrDefault();
        if (existing is null)
        {
            cluster.Store.Create(type, new JsonObject
            {
                ["apiVersion"] = "discovery.k8s.io/v1",
                ["kind"] = "EndpointSlice",
                ["metadata"] = new JsonObject
                {
                    ["name"] = $"{service.Name()}-{ApiServer.Admission.RandomSuffix()}",
                    ["generateName"] = service.Name() + "-",
                    ["namespace"] = service.Namespace(),
                    ["labels"] = new JsonObject
                    {
                        [EndpointsController.ServiceNameLabel] = service.Name(),
                        [ManagedBy] = "endpointslice-controller.k8s.io",
                    },
                    ["ownerReferences"] = ObjectRefs.ControllerReference(service),
                },
                ["addressType"] = "IPv4",
                ["endpoints"] = endpoints,
                ["ports"] = ports,
            });
            return;
        }

        if (!JsonNode.DeepEquals(existing["endpoints"], endpoints) || !JsonNode.DeepEquals(existing["ports"], ports))
        {
            cluster.Store.Mutate(type, existing.Namespace(), existing.Name(), current =>
            {
                current["endpoints"] = endpoints.DeepClone();
                current["ports"] = ports.DeepClone();
                return current;
            });
        }
    }
}
