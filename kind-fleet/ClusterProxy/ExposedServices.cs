using System.Text.Json.Nodes;
using Kubernaut.KindFleet.ApiServer;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.ClusterProxy;

/// <summary>
/// cluster-proxy's allowlist for targets other than the kube-apiserver: ConfigMap <c>cluster-proxy-exposed-services</c>
/// in the user-server's namespace on the hub, key <c>services</c>, a YAML/JSON list of <c>{namespace, service, port?, protocol?}</c>.
/// Anything not listed is refused, as recent cluster-proxy versions do.
/// </summary>
internal static class ExposedServices
{
    public const string ConfigMapName = "cluster-proxy-exposed-services";
    public const string Namespace = "open-cluster-management-addon";

    private static readonly GroupResource ConfigMaps = new("", "configmaps");

    public static bool IsAllowed(SimulatedFleet fleet, ServiceTarget target) =>
        Entries(fleet).Any(e => e.Str("namespace") == target.Namespace
            && e.Str("service") == target.Service
            && (e["port"] is null || target.Port is null || e["port"].ScalarText() == target.Port.ToString())
            && (e.Str("protocol") is not { Length: > 0 } protocol || string.Equals(protocol, target.Scheme, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Adds an entry (idempotent): what installing an addon that exposes a service does.</summary>
    public static void Allow(SimulatedFleet fleet, string ns, string service, int? port = null, string? protocol = null)
    {
        var hub = fleet.Find(SimulatedFleet.HubName) ?? throw new InvalidOperationException("the fleet has no hub");
        var entry = new JsonObject { ["namespace"] = ns, ["service"] = service };
        if (port is not null)
        {
            entry["port"] = port;
        }

        if (protocol is not null)
        {
            entry["protocol"] = protocol;
        }

        var type = hub.Type("", "configmaps");
        if (hub.Store.Get(ConfigMaps, Namespace, ConfigMapName) is null)
        {
            hub.Store.Create(type, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ConfigMap",
                ["metadata"] = new JsonObject { ["name"] = ConfigMapName, ["namespace"] = Namespace },
                ["data"] = new JsonObject { ["services"] = "[]" },
            });
        }

        hub.Store.Mutate(type, Namespace, ConfigMapName, cm =>
        {
            var list = Parse(cm["data"].Str("services"));
            if (!list.Objects().Any(e => JsonNode.DeepEquals(e, entry)))
            {
                list.Add(entry);
            }

            cm.Child("data")["services"] = list.ToJsonString();
            return cm;
        });
    }

    private static IEnumerable<JsonObject> Entries(SimulatedFleet fleet)
    {
        var cm = fleet.Find(SimulatedFleet.HubName)?.Store.Get(ConfigMaps, Namespace, ConfigMapName);
        return Parse(cm?["data"].Str("services")).Objects().ToList();
    }

    private static JsonArray Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        try
        {
            return RequestBody.FromYaml(text) as JsonArray ?? [];
        }
        catch (YamlDotNet.Core.YamlException)
        {
            // A malformed allowlist exposes nothing, as a failed parse does in the real user-server.
            return [];
        }
    }
}

/// <summary>The <c>[scheme:]svc[:port]</c> segment of a service-proxy URL, in a namespace; scheme defaults to https.</summary>
internal sealed record ServiceTarget(string Namespace, string Scheme, string Service, int? Port)
{
    public static ServiceTarget Parse(string ns, string serviceRef)
    {
        var parts = serviceRef.Split(':');
        var (scheme, rest) = parts[0] is "http" or "https" && parts.Length > 1 ? (parts[0], parts[1..]) : ("https", parts);
        int? port = rest.Length > 1 && int.TryParse(rest[1], out var p) ? p : null;
        return new ServiceTarget(ns, scheme, rest[0], port);
    }
}
