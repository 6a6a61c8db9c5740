using System.Text.Json.Nodes;
using Kubernaut.Hub.A2A.Wire;
using Kubernaut.Hub.Hosting;
using Kubernaut.Hub.Sessions;
using Kubernaut.Hub.Signals;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.A2A;

/// <summary>
/// The A2A front over HTTP: the agent card (public, as discovery must be) and the JSON-RPC endpoint. Every JSON-RPC
/// call is authenticated first (401 without a valid hub token), then parsed, then checked against the method's role
/// (403); JSON-RPC errors travel in the body with 200, as JSON-RPC over HTTP does.
/// </summary>
internal static partial class A2AEndpoints
{
    public const string CardPath = "/.well-known/agent-card.json";
    public const string LegacyCardPath = "/.well-known/agent.json";

    public static IEndpointRouteBuilder MapA2AEndpoints(this IEndpointRouteBuilder app, string path)
    {
        app.MapGet(CardPath, Card).WithName("A2AAgentCard").WithTags("A2A");
        app.MapGet(LegacyCardPath, Card).WithName("A2AAgentCardV02").WithTags("A2A");
        app.MapPost(path, HandleAsync).WithName("A2AJsonRpc").WithTags("A2A");
        return app;
    }

    private static IResult Card(HttpContext http, AgentCardFactory cards)
    {
        var request = http.Request;
        var root = new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/");
        return Results.Json(cards.Build(root), A2AJson.Options);
    }

    private static async Task HandleAsync(HttpContext http, A2AAccess access, IOptions<HubOptions> hub, ILogger<A2AMethods> log)
    {
        var ct = http.RequestAborted;
        var (authenticated, authentication) = await access.AuthenticateAsync(http);
        if (!authenticated)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await WriteAsync(http, StatusCodes.Status401Unauthorized, JsonRpcResponse.Error(null, new JsonRpcError(JsonRpcErrorCodes.Forbidden,
                "Unauthorized: a bearer token of the hub's Keycloak realm is required (see securitySchemes in the agent card)")));
            return;
        }

        if (!RequestBodyReader.IsJson(http.Request))
        {
            await WriteAsync(http, StatusCodes.Status415UnsupportedMediaType, JsonRpcResponse.Error(null, new JsonRpcError(JsonRpcErrorCodes.ContentTypeNotSupported,
                $"Content type not supported: JSON-RPC requests are application/json (was {http.Request.ContentType})")));
            return;
        }

        using var body = await RequestBodyReader.ReadAsync(http.Request, hub.Value.MaxRequestBodyBytes, ct);
        if (body is null)
        {
            await WriteAsync(http, StatusCodes.Status413PayloadTooLarge, JsonRpcResponse.Error(null, new JsonRpcError(JsonRpcErrorCodes.InvalidRequest,
                $"Invalid Request: the body exceeds {hub.Value.MaxRequestBodyBytes} bytes (Hub:MaxRequestBodyBytes)")));
            return;
        }

        var parsed = JsonRpcParser.Parse(body.Memory);
        if (parsed.Request is not { } request)
        {
            await WriteAsync(http, StatusCodes.Status200OK, JsonRpcResponse.Error(parsed.Id, parsed.Error!));
            return;
        }

        if (A2AMethods.Needs(request.Method) is not { } needed)
        {
            await WriteAsync(http, StatusCodes.Status200OK, JsonRpcResponse.Error(request.Id, A2AMethods.Unsupported(request.Method)));
            return;
        }

        if (!await access.AllowedAsync(http, authentication, needed))
        {
            var status = authentication.Succeeded ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
            await WriteAsync(http, status, JsonRpcResponse.Error(request.Id, new JsonRpcError(JsonRpcErrorCodes.Forbidden,
                $"{(authentication.Succeeded ? "Forbidden" : "Unauthorized")}: {request.Method} needs the {A2AAccess.RolesOf(needed)} role",
                new JsonObject { ["method"] = request.Method, ["roles"] = new JsonArray([.. needed.Select(p => JsonValue.Create(Identity.HubPolicies.RoleOf[p]))]) })));
            return;
        }

        var methods = http.RequestServices.GetRequiredService<A2AMethods>();
        var stream = new SseWriter(http.Response);
        try
        {
            var result = await methods.InvokeAsync(request, http, stream, ct);
            if (result is not null)
            {
                await WriteAsync(http, StatusCodes.Status200OK, JsonRpcResponse.Result(request.Id, result));
            }
        }
        catch (JsonRpcException e)
        {
            await FailAsync(http, stream, request, e.Error, ct);
        }
        catch (ConversationException e)
        {
            await FailAsync(http, stream, request, FromConversation(e), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The caller went away; a stream resumes with tasks/resubscribe.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(log, request.Method, e);
            await FailAsync(http, stream, request, new JsonRpcError(JsonRpcErrorCodes.InternalError, $"Internal error: {e.Message}"), ct);
        }
    }

    /// <summary>The conversation's refusals as JSON-RPC errors.</summary>
    public static JsonRpcError FromConversation(ConversationException e) => e.Code switch
    {
        ConversationException.NotFound => new(JsonRpcErrorCodes.TaskNotFound, "Task not found: " + e.Message),
        ConversationException.Forbidden => new(JsonRpcErrorCodes.Forbidden, "Forbidden: " + e.Message),
        _ => new(JsonRpcErrorCodes.InvalidParams, "Invalid params: " + e.Message),
    };

    private static async Task FailAsync(HttpContext http, SseWriter stream, JsonRpcRequest request, JsonRpcError error, CancellationToken ct)
    {
        if (stream.Started)
        {
            await stream.WriteAsync(JsonRpcResponse.Error(request.Id, error), null, ct);
        }
        else
        {
            await WriteAsync(http, StatusCodes.Status200OK, JsonRpcResponse.Error(request.Id, error));
        }
    }

    private static async Task WriteAsync(HttpContext http, int status, JsonObject response)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(response.ToJsonString(), http.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A2A {Method} failed")]
    private static partial void LogFailed(ILogger logger, string method, Exception exception);
}
