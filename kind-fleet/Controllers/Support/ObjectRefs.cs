using System.Globalization;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Json;

namespace Kubernaut.KindFleet.Controllers.Support;

/// <summary>Owner references, conditions and the other small object idioms every controller shares.</summary>
internal static class ObjectRefs
{
    public static string Name(this JsonObject obj) => obj.Metadata().Str("name") ?? "";

    public static string Namespace(this JsonObject obj) => obj.Metadata().Str("namespace") ?? "";

    public static string Uid(this JsonObject obj) => obj.Metadata().Str("uid") ?? "";

    public static bool IsDeleting(this JsonObject obj) => obj["metadata"]?["deletionTimestamp"] is not null;

    /// <summary>The ownerReference a controller puts on what it creates (controller=true, blockOwnerDeletion=true).</summary>
    public static JsonArray ControllerReference(JsonObject owner) => new(new JsonObject
    {
        ["apiVersion"] = owner.Str("apiVersion"),
        ["kind"] = owner.Str("kind"),
        ["name"] = owner.Name(),
        ["uid"] = owner.Uid(),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    });

    public static JsonObject? ControllerOf(JsonObject obj) =>
        obj["metadata"]?["ownerReferences"].Objects().FirstOrDefault(r => r.Bool("controller") == true);

    public static string? ControllerUid(JsonObject obj) => ControllerOf(obj).Str("uid");

    public static string? ControllerKind(JsonObject obj) => ControllerOf(obj).Str("kind");

    public static JsonObject? Condition(this JsonObject obj, string type) =>
        obj["status"]?["conditions"].Objects().FirstOrDefault(c => c.Str("type") == type);

    public static bool ConditionTrue(this JsonObject obj, string type) => obj.Condition(type).Str("status") == "True";

    /// <summary>
    /// Sets a status condition, keeping lastTransitionTime (and lastUpdateTime when <paramref name="touch"/> is false)
    /// as long as the status does not change, so repeated passes write nothing new.
    /// </summary>
    public static void SetCondition(JsonObject status, string type, string value, string? reason, string? message, DateTimeOffset now,
        bool withUpdateTime = false, bool touch = false)
    {
        var conditions = status.ArrayOf("conditions");
        var existing = conditions.Objects().FirstOrDefault(c => c.Str("type") == type);
        var stamp = Timestamp(now);
        var condition = new JsonObject { ["type"] = type, ["status"] = value };
        if (withUpdateTime)
        {
            var same = existing is not null && existing.Str("status") == value && existing.Str("reason") == reason && existing.Str("message") == message;
            condition["lastUpdateTime"] = same && !touch ? existing!.Str("lastUpdateTime") ?? stamp : stamp;
        }

        condition["lastTransitionTime"] = existing?.Str("status") == value ? existing.Str("lastTransitionTime") ?? stamp : stamp;
        if (reason is not null)
        {
            condition["reason"] = reason;
        }

        if (message is not null)
        {
            condition["message"] = message;
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

    public static string Timestamp(DateTimeOffset t) => Storage.ObjectStore.Timestamp(t);

    public static DateTimeOffset? ParseTime(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    public static bool IsPodReady(JsonObject pod) => pod.ConditionTrue("Ready");

    /// <summary>Ready for at least minReadySeconds, which is what "available" means for workloads.</summary>
    public static bool IsPodAvailable(JsonObject pod, long minReadySeconds, DateTimeOffset now)
    {
        if (!IsPodReady(pod) || pod.IsDeleting())
        {
            return false;
        }

        return minReadySeconds <= 0
            || (ParseTime(pod.Condition("Ready").Str("lastTransitionTime")) is { } since && since.AddSeconds(minReadySeconds) <= now);
    }

    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
