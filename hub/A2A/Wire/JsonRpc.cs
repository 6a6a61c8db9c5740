using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kubernaut.Hub.A2A.Wire;

/// <summary>A parsed JSON-RPC 2.0 request. <see cref="Id"/> is the caller's id as sent (string or number), null for a notification.</summary>
internal sealed record JsonRpcRequest(string Method, JsonElement? Params, JsonNode? Id);

/// <summary>A JSON-RPC error object; <see cref="Data"/> says more for a machine (which parameter, which task).</summary>
internal sealed record JsonRpcError(int Code, string Message, JsonNode? Data = null)
{
    public JsonObject ToJson() => new()
    {
        ["code"] = Code,
        ["message"] = Message,
        ["data"] = Data?.DeepClone(),
    };
}

/// <summary>The standard JSON-RPC codes and the A2A ones (v0.3.0, <c>contracts.md</c> §9).</summary>
internal static class JsonRpcErrorCodes
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;
    public const int TaskNotFound = -32001;
    public const int TaskNotCancelable = -32002;
    public const int PushNotificationNotSupported = -32003;
    public const int UnsupportedOperation = -32004;
    public const int ContentTypeNotSupported = -32005;
    public const int InvalidAgentResponse = -32006;
    public const int AuthenticatedExtendedCardNotConfigured = -32007;

    /// <summary>Implementation-defined (the -32000..-32099 server range): the caller lacks the role the method needs.</summary>
    public const int Forbidden = -32000;
}

/// <summary>Builds JSON-RPC response envelopes: exactly one of result or error, and always the request's id (null when it could not be read).</summary>
internal static class JsonRpcResponse
{
    public static JsonObject Result(JsonNode? id, object result) => new()
    {
        ["jsonrpc"] = "2.0",
        ["id"] = id?.DeepClone(),
        ["result"] = JsonSerializer.SerializeToNode(result, result.GetType(), A2AJson.Options),
    };

    public static JsonObject Error(JsonNode? id, JsonRpcError error) => new()
    {
        ["jsonrpc"] = "2.0",
        ["id"] = id?.DeepClone(),
        ["error"] = error.ToJson(),
    };
}

/// <summary>A method's failure, carried to the dispatcher as the JSON-RPC error to answer with.</summary>
internal sealed class JsonRpcException(JsonRpcError error) : Exception(error.Message)
{
    public JsonRpcError Error { get; } = error;

    public static JsonRpcException InvalidParams(string message, string? field = null) =>
        new(new JsonRpcError(JsonRpcErrorCodes.InvalidParams, message, field is null ? null : new JsonObject { ["field"] = field }));

    public static JsonRpcException TaskNotFound(string taskId) =>
        new(new JsonRpcError(JsonRpcErrorCodes.TaskNotFound, $"Task not found: no task {taskId}", new JsonObject { ["taskId"] = taskId }));

    public static JsonRpcException TaskNotCancelable(string taskId, string why) =>
        new(new JsonRpcError(JsonRpcErrorCodes.TaskNotCancelable, $"Task cannot be canceled: {why}", new JsonObject { ["taskId"] = taskId }));
}
