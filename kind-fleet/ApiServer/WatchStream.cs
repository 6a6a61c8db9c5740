using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Storage;

namespace Kubernaut.KindFleet.ApiServer;

/// <summary>
/// <c>?watch=true</c>: a chunked stream of <c>{"type","object"}</c> lines, resuming after <c>resourceVersion</c>,
/// filtered by the request's selectors, ending after <c>timeoutSeconds</c> or when the client leaves.
/// A resourceVersion older than the history answers with an ERROR event carrying 410 Expired, as real watches do.
/// </summary>
internal static class WatchStream
{
    public static async Task ServeAsync(ResourceRequest r, ILogger logger)
    {
        var ctx = r.Http;
        var labels = r.Labels;
        var fields = r.Fields;
        var pinnedName = r.Name;
        var from = ParseRevision(r.Query("resourceVersion"));
        var timeout = int.TryParse(r.Query("timeoutSeconds"), out var t) && t > 0 ? TimeSpan.FromSeconds(t) : TimeSpan.FromMinutes(30);

        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = r.WantsTable ? "application/json" : "application/json";
        ObjectStore.Subscription subscription;
        try
        {
            subscription = r.Cluster.Store.Watch(r.Type.GroupResource, r.Namespace, from);
        }
        catch (KubeApiException gone)
        {
            await WriteEventAsync(ctx, "ERROR", KubeResponses.Status(gone));
            return;
        }

        using (subscription)
        using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted))
        {
            cts.CancelAfter(timeout);
            await ctx.Response.Body.FlushAsync(cts.Token);
            try
            {
                await foreach (var e in subscription.Events.ReadAllAsync(cts.Token))
                {
                    if ((pinnedName is not null && e.Name != pinnedName) || !labels.Matches(e.Object) || !fields.Matches(e.Object))
                    {
                        continue;
                    }

                    var obj = e.Object.CloneObject();
                    obj["apiVersion"] = r.Type.ApiVersion;
                    obj["kind"] = r.Type.Kind;
                    JsonNode payload = r.WantsTable
                        ? TablePrinter.Render(r.Type, [obj], e.Revision.ToString(CultureInfo.InvariantCulture), r.Cluster.Time.GetUtcNow(), r.Query("includeObject") == "Object")
                        : obj;
                    await WriteEventAsync(ctx, e.TypeName, payload);
                }
            }
            catch (OperationCanceledException) when (!ctx.RequestAborted.IsCancellationRequested)
            {
                logger.LogDebug("watch on {Resource} in {Cluster} reached its timeout", r.Type.GroupResource, r.Cluster.Name);
            }
        }
    }

    private static long? ParseRevision(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var rv) && rv > 0 ? rv : null;

    private static async Task WriteEventAsync(HttpContext ctx, string type, JsonNode obj)
    {
        await using (var writer = new Utf8JsonWriter(ctx.Response.Body))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WritePropertyName("object");
            obj.WriteTo(writer);
            writer.WriteEndObject();
        }

        await ctx.Response.Body.WriteAsync("\n"u8.ToArray(), ctx.RequestAborted);
        await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
    }
}
