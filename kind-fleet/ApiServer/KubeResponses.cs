using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Storage;

namespace Kubernaut.KindFleet.ApiServer;

/// <summary>Writes API objects and Kubernetes-style Status errors.</summary>
internal static class KubeResponses
{
    public static async Task WriteJsonAsync(HttpContext ctx, JsonNode body, HttpStatusCode code = HttpStatusCode.OK)
    {
        ctx.Response.StatusCode = (int)code;
        ctx.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(ctx.Response.Body);
        body.WriteTo(writer);
        await writer.FlushAsync(ctx.RequestAborted);
    }

    public static Task WriteErrorAsync(HttpContext ctx, KubeApiException error) =>
        WriteJsonAsync(ctx, Status(error), error.Code);

    public static JsonObject Status(KubeApiException error)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = error.Message,
            ["reason"] = error.Reason,
            ["code"] = (int)error.Code,
        };
        if (error.Kind is not null || error.Name is not null)
        {
            // Errors name a qualified resource ("deployments.apps"); details split it into kind and group as the apiserver does.
            var dot = error.Kind?.IndexOf('.', StringComparison.Ordinal) ?? -1;
            var details = new JsonObject();
            if (error.Name is not null)
            {
                details["name"] = error.Name;
            }

            if (dot > 0)
            {
                details["group"] = error.Kind![(dot + 1)..];
            }

            if (error.Kind is not null)
            {
                details["kind"] = dot > 0 ? error.Kind[..dot] : error.Kind;
            }

            status["details"] = details;
        }

        return status;
    }

    public static JsonObject Success(string kind, string name) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Success",
        ["details"] = new JsonObject { ["name"] = name, ["kind"] = kind },
        ["code"] = 200,
    };
}
