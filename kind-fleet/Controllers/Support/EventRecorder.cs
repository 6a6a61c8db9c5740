using System.Text;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;

namespace Kubernaut.KindFleet.Controllers.Support;

/// <summary>
/// Records core/v1 Events the way client-go's event recorder does: one Event per distinct occurrence, named
/// <c>&lt;object&gt;.&lt;hex&gt;</c>, and repeats of the same occurrence bump <c>count</c> and <c>lastTimestamp</c>
/// instead of adding new objects.
/// </summary>
internal static class EventRecorder
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";

    public static void Record(SimulatedCluster cluster, JsonObject involved, string type, string reason, string message,
        string component, string? host = null, string? fieldPath = null, DateTimeOffset? at = null)
    {
        var meta = involved.Metadata();
        var ns = meta.Str("namespace") is { Length: > 0 } n ? n : "default";
        var uid = meta.Str("uid") ?? "";
        var name = $"{meta.Str("name")}.{Key(uid, type, reason, message, component, fieldPath)}";
        var now = ObjectRefs.Timestamp(at ?? cluster.Time.GetUtcNow());
        var events = cluster.TypeOf(Kinds.Events);
        var bumped = cluster.Store.Mutate(events, ns, name, existing =>
        {
            existing["count"] = (existing.Long("count") ?? 1) + 1;
            existing["lastTimestamp"] = now;
            return existing;
        });
        if (bumped is not null)
        {
            return;
        }

        var reference = new JsonObject
        {
            ["kind"] = involved.Str("kind"),
            ["namespace"] = meta.Str("namespace"),
            ["name"] = meta.Str("name"),
            ["uid"] = uid,
            ["apiVersion"] = involved.Str("apiVersion"),
            ["resourceVersion"] = meta.Str("resourceVersion"),
        };
        if (fieldPath is not null)
        {
            reference["fieldPath"] = fieldPath;
        }

        var source = new JsonObject { ["component"] = component };
        if (host is not null)
        {
            source["host"] = host;
        }

        try
        {
            cluster.Store.Create(events, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Event",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
                ["involvedObject"] = reference,
                ["reason"] = reason,
                ["message"] = message,
                ["source"] = source,
                ["firstTimestamp"] = now,
                ["lastTimestamp"] = now,
                ["count"] = 1,
                ["type"] = type,
                ["eventTime"] = null,
                ["reportingComponent"] = component,
                ["reportingInstance"] = host ?? "",
            });
        }
        catch (Storage.KubeApiException)
        {
            // Raced with an identical event; the other writer recorded it.
        }
    }

    /// <summary>A stable 16-hex-digit suffix per distinct occurrence, shaped like the real timestamp-based names.</summary>
    private static string Key(params string?[] parts)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(string.Join('\u0001', parts)))
        {
            hash = unchecked((hash ^ b) * 1099511628211UL);
        }

        return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }
}
