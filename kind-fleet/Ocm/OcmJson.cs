using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Json;

namespace Kubernaut.KindFleet.Ocm;

internal static class OcmJson
{
    /// <summary>The string items of a JSON array (finalizers, clusterSets…); nothing when absent.</summary>
    public static IEnumerable<string> Strings(this JsonNode? node) =>
        node is JsonArray a ? a.Select(v => v.ScalarText()).OfType<string>() : [];
}
