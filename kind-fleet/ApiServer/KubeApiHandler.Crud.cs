using System.Net;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Patching;
using Kubernaut.KindFleet.Resources;
using Kubernaut.KindFleet.Storage;

namespace Kubernaut.KindFleet.ApiServer;

internal sealed partial class KubeApiHandler
{
    private static Task GetAsync(ResourceRequest r)
    {
        var obj = r.Cluster.Store.Get(r.Type.GroupResource, r.StoreNamespace, r.RequiredName)
            ?? throw KubeApiException.NotFound(r.Type.GroupResource.ToString(), r.RequiredName);
        return WriteObjectAsync(r, obj);
    }

    private static Task ListAsync(ResourceRequest r)
    {
        var labels = r.Labels;
        var fields = r.Fields;
        var (items, revision) = r.Cluster.Store.List(r.Type.GroupResource, r.Namespace, o => labels.Matches(o) && fields.Matches(o));
        var rv = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (r.WantsTable)
        {
            return KubeResponses.WriteJsonAsync(r.Http, TablePrinter.Render(r.Type, items, rv, r.Cluster.Time.GetUtcNow(), r.Query("includeObject") == "Object"));
        }

        foreach (var item in items)
        {
            Stamp(r, item);
        }

        return KubeResponses.WriteJsonAsync(r.Http, new JsonObject
        {
            ["kind"] = r.Type.ListKind,
            ["apiVersion"] = r.Type.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = rv },
            ["items"] = new JsonArray([.. items]),
        });
    }

    private static async Task CreateAsync(ResourceRequest r)
    {
        var obj = await r.ReadObjectAsync();
        Admission.PrepareCreate(r, obj);

        var created = r.DryRun ? obj : r.Cluster.Store.Create(r.Type, obj);
        await WriteObjectAsync(r, created, HttpStatusCode.Created);
    }

    private static async Task UpdateAsync(ResourceRequest r)
    {
        var obj = await r.ReadObjectAsync();
        Admission.PrepareUpdate(r, obj);
        var scope = r.Subresource == "status" ? ReplaceScope.Status : ReplaceScope.Object;
        var expected = obj.Metadata().Str("resourceVersion");
        var updated = r.DryRun ? obj : r.Cluster.Store.Replace(r.Type, obj, expected, scope);
        await WriteObjectAsync(r, updated);
    }

    private static async Task PatchAsync(ResourceRequest r)
    {
        var patch = await RequestBody.ReadAsync(r.Http.Request, r.Http.RequestAborted);
        var contentType = r.Http.Request.ContentType ?? "";
        var isApply = contentType.StartsWith("application/apply-patch", StringComparison.Ordinal);
        if (contentType.StartsWith("application/strategic-merge-patch", StringComparison.Ordinal) && r.Cluster.Catalog.IsCustom(r.Type))
        {
            throw new KubeApiException(HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
        }

        var current = r.Cluster.Store.Get(r.Type.GroupResource, r.StoreNamespace, r.RequiredName);
        if (current is null && isApply && patch is JsonObject applied)
        {
            Admission.PrepareCreate(r with { Name = r.RequiredName }, applied);
            await WriteObjectAsync(r, r.DryRun ? applied : r.Cluster.Store.Create(r.Type, applied), HttpStatusCode.Created);
            return;
        }

        JsonObject Patched(JsonObject target)
        {
            // Checked before patching: a merge patch carrying metadata.resourceVersion would otherwise overwrite the very value it is compared with.
            var expected = (patch as JsonObject)?["metadata"].Str("resourceVersion");
            if (expected is not null && expected != target.Metadata().Str("resourceVersion"))
            {
                throw KubeApiException.Conflict(r.Type.GroupResource.ToString(), r.RequiredName);
            }

            var result = contentType switch
            {
                _ when contentType.StartsWith("application/json-patch", StringComparison.Ordinal) =>
                    JsonPatch.Apply(target, patch as JsonArray ?? throw KubeApiException.BadRequest("a JSON patch must be an array")),
                _ when contentType.StartsWith("application/merge-patch", StringComparison.Ordinal) => MergePatch.Apply(target.CloneObject(), patch),
                _ when contentType.StartsWith("application/strategic-merge-patch", StringComparison.Ordinal) || isApply =>
                    StrategicMergePatch.Apply(target, patch),
                _ => throw new KubeApiException(HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType", $"unsupported patch type {contentType}"),
            };
            var obj = result as JsonObject ?? throw KubeApiException.BadRequest("the patch result is not an object");
            if (r.Subresource == "status")
            {
                target["status"] = obj["status"]?.DeepClone();
                return target;
            }

            if (r.Type.HasStatus)
            {
                obj["status"] = target["status"]?.DeepClone();
            }

            Admission.PrepareUpdate(r, obj);
            return obj;
        }

        if (current is null)
        {
            throw KubeApiException.NotFound(r.Type.GroupResource.ToString(), r.RequiredName);
        }

        var patched = r.DryRun
            ? Patched(current)
            : r.Cluster.Store.Mutate(r.Type, r.StoreNamespace, r.RequiredName, Patched)
              ?? throw KubeApiException.NotFound(r.Type.GroupResource.ToString(), r.RequiredName);
        await WriteObjectAsync(r, patched);
    }

    private static async Task DeleteAsync(ResourceRequest r)
    {
        var deleted = r.DryRun
            ? r.Cluster.Store.Get(r.Type.GroupResource, r.StoreNamespace, r.RequiredName)
            : DeleteOne(r, r.RequiredName);
        await WriteObjectAsync(r, deleted ?? throw KubeApiException.NotFound(r.Type.GroupResource.ToString(), r.RequiredName));
    }

    private static async Task DeleteCollectionAsync(ResourceRequest r)
    {
        var labels = r.Labels;
        var fields = r.Fields;
        var (items, revision) = r.Cluster.Store.List(r.Type.GroupResource, r.Namespace, o => labels.Matches(o) && fields.Matches(o));
        var deleted = r.DryRun ? items : [.. items.Select(i => DeleteOne(r, i.Metadata().Str("name") ?? "")).OfType<JsonObject>()];
        await KubeResponses.WriteJsonAsync(r.Http, new JsonObject
        {
            ["kind"] = r.Type.ListKind,
            ["apiVersion"] = r.Type.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["items"] = new JsonArray([.. deleted]),
        });
    }

    /// <summary>Pods that run on a node terminate gracefully (the kubelet finishes them); everything else goes at once.</summary>
    internal static JsonObject? DeleteOne(ResourceRequest r, string name)
    {
        if (r.Type.GroupResource == new GroupResource("", "pods"))
        {
            var pod = r.Cluster.Store.Get(r.Type.GroupResource, r.StoreNamespace, name);
            var grace = long.TryParse(r.Query("gracePeriodSeconds"), out var g) ? g : pod?["spec"].Long("terminationGracePeriodSeconds") ?? 30;
            if (pod?["spec"].Str("nodeName") is not null && grace > 0)
            {
                return r.Cluster.Store.BeginGracefulDelete(r.Type, r.StoreNamespace, name, Math.Min(grace, 5));
            }
        }

        return r.Cluster.Store.Delete(r.Type, r.StoreNamespace, name);
    }

    private static Task WriteObjectAsync(ResourceRequest r, JsonObject obj, HttpStatusCode code = HttpStatusCode.OK)
    {
        if (r.WantsTable)
        {
            var rv = obj.Metadata().Str("resourceVersion") ?? "";
            return KubeResponses.WriteJsonAsync(r.Http, TablePrinter.Render(r.Type, [obj], rv, r.Cluster.Time.GetUtcNow(), r.Query("includeObject") == "Object"), code);
        }

        Stamp(r, obj);
        return KubeResponses.WriteJsonAsync(r.Http, obj, code);
    }

    /// <summary>Objects are stored once per group resource; each served version reports its own apiVersion.</summary>
    private static void Stamp(ResourceRequest r, JsonObject obj)
    {
        obj["apiVersion"] = r.Type.ApiVersion;
        obj["kind"] = r.Type.Kind;
    }
}
