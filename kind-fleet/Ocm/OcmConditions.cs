using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Storage;

namespace Kubernaut.KindFleet.Ocm;

/// <summary>metav1.Condition bookkeeping: a condition keeps its lastTransitionTime until its status actually changes.</summary>
internal static class OcmConditions
{
    public static void Set(JsonObject status, string type, bool? ok, string reason, string message, DateTimeOffset now, long? observedGeneration = null)
    {
        var conditions = status.ArrayOf("conditions");
        var text = ok switch { true => "True", false => "False", null => "Unknown" };
        var existing = conditions.Objects().FirstOrDefault(c => c.Str("type") == type);
        var transition = existing is not null && existing.Str("status") == text ? existing.Str("lastTransitionTime") : null;
        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = text,
            ["reason"] = reason,
            ["message"] = message,
            ["lastTransitionTime"] = transition ?? ObjectStore.Timestamp(now),
        };
        if (observedGeneration is { } generation)
        {
            condition["observedGeneration"] = generation;
        }

        if (existing is null)
        {
            conditions.Add(condition);
        }
        else
        {
            conditions[conditions.IndexOf(existing)] = condition;
        }
    }

    public static string? StatusOf(JsonNode? obj, string type) =>
        obj?["status"]?["conditions"].Objects().FirstOrDefault(c => c.Str("type") == type).Str("status");
}
