using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Patching;
using Kubernaut.KindFleet.Resources;
using Kubernaut.KindFleet.Storage;

namespace Kubernaut.KindFleet.ApiServer;

/// <summary>scale, log, eviction and token: the subresources with behaviour of their own.</summary>
internal static class Subresources
{
    public static Task HandleAsync(ResourceRequest r) => (r.Subresource, r.Http.Request.Method) switch
    {
        ("scale", "GET") => KubeResponses.WriteJsonAsync(r.Http, ScaleOf(r.Type, Current(r))),
        ("scale", "PUT" or "PATCH") => UpdateScaleAsync(r),
        ("log", "GET") => LogAsync(r),
        ("eviction", "POST") => EvictAsync(r),
        ("token", "POST") => TokenAsync(r),
        _ => throw KubeApiException.MethodNotAllowed($"{r.Http.Request.Method} is not supported on {r.Type.Plural}/{r.Subresource}"),
    };

    private static JsonObject Current(ResourceRequest r) =>
        r.Cluster.Store.Get(r.Type.GroupResource, r.StoreNamespace, r.RequiredName)
        ?? throw KubeApiException.NotFound(r.Type.GroupResource.ToString(), r.RequiredName);

    private static JsonObject ScaleOf(ResourceType type, JsonObject obj)
    {
        var meta = obj.Metadata();
        var selector = obj["spec"]?["selector"]?["matchLabels"].StringMap() ?? new Dictionary<string, string>();
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = meta.Str("name"),
                ["namespace"] = meta.Str("namespace"),
                ["uid"] = meta.Str("uid"),
                ["resourceVersion"] = meta.Str("resourceVersion"),
                ["creationTimestamp"] = meta.Str("creationTimestamp"),
            },
            ["spec"] = new JsonObject { ["replicas"] = obj["spec"].Long("replicas") ?? 1 },
            ["status"] = new JsonObject
            {
                ["replicas"] = obj["status"].Long("replicas") ?? 0,
                ["selector"] = string.Join(',', selector.Select(kv => $"{kv.Key}={kv.Value}")),
            },
        };
    }

    private static async Task UpdateScaleAsync(ResourceRequest r)
    {
        var body = await RequestBody.ReadAsync(r.Http.Request, r.Http.RequestAborted);
        var contentType = r.Http.Request.ContentType ?? "";
        var updated = r.Cluster.Store.Mutate(r.Type, r.StoreNamespace, r.RequiredName, current =>
        {
            var scale = ScaleOf(r.Type, current);
            var desired = r.Http.Request.Method == "PUT" ? body : contentType.StartsWith("application/json-patch", StringComparison.Ordinal)
                ? JsonPatch.Apply(scale, body as JsonArray ?? throw KubeApiException.BadRequest("a JSON patch must be an array"))
                : MergePatch.Apply(scale, body);
            var expected = desired?["metadata"].Str("resourceVersion");
            if (r.Http.Request.Method == "PUT" && expected is { Length: > 0 } && expected != current.Metadata().Str("resourceVersion"))
            {
                throw KubeApiException.Conflict(r.Type.GroupResource.ToString(), r.RequiredName);
            }

            var replicas = desired?["spec"].Long("replicas") ?? throw KubeApiException.Invalid("Scale", r.RequiredName, "spec.replicas: Required value");
            if (replicas < 0)
            {
                throw KubeApiException.Invalid("Scale", r.RequiredName, "spec.replicas: Invalid value: must be greater than or equal to 0");
            }

            current.Child("spec")["replicas"] = replicas;
            return current;
        }) ?? throw KubeApiException.NotFound(r.Type.GroupResource.ToString(), r.RequiredName);
        await KubeResponses.WriteJsonAsync(r.Http, ScaleOf(r.Type, updated));
    }

    private static async Task LogAsync(ResourceRequest r)
    {
        var pod = Current(r);
        var containers = pod["spec"]?["containers"].Objects().Select(c => c.Str("name") ?? "").ToList() ?? [];
        var container = r.Query("container") is { Length: > 0 } c ? c : containers.FirstOrDefault() ?? "";
        if (!containers.Contains(container))
        {
            throw KubeApiException.BadRequest($"container {container} is not valid for pod {r.RequiredName}");
        }

        if (containers.Count > 1 && r.Query("container").Length == 0)
        {
            throw KubeApiException.BadRequest($"a container name must be specified for pod {r.RequiredName}, choose one of: [{string.Join(' ', containers)}]");
        }

        IEnumerable<LogLine> lines = r.Cluster.Logs.Read(r.StoreNamespace, r.RequiredName, container, r.Query("previous") == "true");
        var now = r.Cluster.Time.GetUtcNow();
        if (long.TryParse(r.Query("sinceSeconds"), out var since))
        {
            lines = lines.Where(l => l.At >= now.AddSeconds(-since));
        }

        if (DateTimeOffset.TryParse(r.Query("sinceTime"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var sinceTime))
        {
            lines = lines.Where(l => l.At >= sinceTime);
        }

        if (int.TryParse(r.Query("tailLines"), out var tail) && tail >= 0)
        {
            lines = lines.TakeLast(tail);
        }

        var withTimestamps = r.Query("timestamps") == "true";
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            if (withTimestamps)
            {
                text.Append(line.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture)).Append(' ');
            }

            text.Append(line.Text).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        if (int.TryParse(r.Query("limitBytes"), out var limit) && limit > 0 && bytes.Length > limit)
        {
            bytes = bytes[..limit];
        }

        r.Http.Response.ContentType = "text/plain";
        await r.Http.Response.Body.WriteAsync(bytes, r.Http.RequestAborted);
    }

    private static async Task EvictAsync(ResourceRequest r)
    {
        var pod = Current(r);
        if (Disruptions.WouldViolateBudget(r.Cluster, pod))
        {
            throw new KubeApiException(HttpStatusCode.TooManyRequests, "TooManyRequests",
                "Cannot evict pod as it would violate the pod's disruption budget.");
        }

        KubeApiHandler.DeleteOne(r with { Type = r.Type }, r.RequiredName);
        await KubeResponses.WriteJsonAsync(r.Http, KubeResponses.Success("pods", r.RequiredName), HttpStatusCode.Created);
    }

    private static async Task TokenAsync(ResourceRequest r)
    {
        var request = await r.ReadObjectAsync();
        var sa = Current(r);
        var seconds = request["spec"].Long("expirationSeconds") ?? 3600;
        if (seconds < 600)
        {
            throw KubeApiException.Invalid("TokenRequest", r.RequiredName, "spec.expirationSeconds: Invalid value: may not specify a duration less than 10 minutes");
        }

        var audiences = (request["spec"]?["audiences"] as JsonArray)?.Select(a => a.ScalarText() ?? "").ToList() ?? [];
        var (token, expires) = r.Cluster.Tokens.Issue(r.StoreNamespace, r.RequiredName, sa.Metadata().Str("uid") ?? "", TimeSpan.FromSeconds(seconds), audiences);
        request["apiVersion"] = "authentication.k8s.io/v1";
        request["kind"] = "TokenRequest";
        request.Child("metadata")["name"] = r.RequiredName;
        request.Child("metadata")["namespace"] = r.StoreNamespace;
        request.Child("spec")["expirationSeconds"] = seconds;
        request["status"] = new JsonObject { ["token"] = token, ["expirationTimestamp"] = ObjectStore.Timestamp(expires) };
        await KubeResponses.WriteJsonAsync(r.Http, request, HttpStatusCode.Created);
    }
}
