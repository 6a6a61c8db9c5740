using System.Text.Json;
using System.Text.Json.Nodes;
using Kubernaut.Hub.A2A.Wire;

namespace Kubernaut.Hub.A2A;

/// <summary>A request body read as JSON-RPC: either a request, or the error to answer with (and the id, when one could be read).</summary>
internal sealed record JsonRpcParse(JsonRpcRequest? Request, JsonRpcError? Error, JsonNode? Id);

/// <summary>Reads one JSON-RPC 2.0 request, telling unreadable JSON (-32700) from a well-formed body that is no request (-32600).</summary>
internal static class JsonRpcParser
{
    public static JsonRpcParse Parse(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return Fail(null, JsonRpcErrorCodes.ParseError, "Parse error: the body is not JSON (" + e.Message + ")");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                return Fail(null, JsonRpcErrorCodes.InvalidRequest, "Invalid Request: batches are not supported; send one request per call");
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                return Fail(null, JsonRpcErrorCodes.InvalidRequest, "Invalid Request: a JSON-RPC request is an object");
            }

            JsonNode? id = null;
            if (root.TryGetProperty("id", out var idElement))
            {
                if (idElement.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Null))
                {
                    return Fail(null, JsonRpcErrorCodes.InvalidRequest, "Invalid Request: id must be a string, a number or null");
                }

                id = JsonNode.Parse(idElement.GetRawText());
            }

            if (!root.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0")
            {
                return Fail(id, JsonRpcErrorCodes.InvalidRequest, "Invalid Request: jsonrpc must be \"2.0\"");
            }

            if (!root.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String || method.GetString() is not { Length: > 0 } name)
            {
                return Fail(id, JsonRpcErrorCodes.InvalidRequest, "Invalid Request: method must be a non-empty string");
            }

            JsonElement? parameters = null;
            if (root.TryGetProperty("params", out var p))
            {
                if (p.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
                {
                    return Fail(id, JsonRpcErrorCodes.InvalidRequest, "Invalid Request: params must be an object or an array");
                }

                parameters = p.Clone();
            }

            return new JsonRpcParse(new JsonRpcRequest(name, parameters, id), null, id);
        }
    }

    /// <summary>Reads a method's params into its record; anything missing or mistyped is invalid params (-32602) naming the problem.</summary>
    public static T Params<T>(JsonRpcRequest request)
    {
        if (request.Params is not { ValueKind: JsonValueKind.Object } p)
        {
            throw JsonRpcException.InvalidParams($"Invalid params: {request.Method} needs a params object");
        }

        try
        {
            return p.Deserialize<T>(A2AJson.Options) ?? throw JsonRpcException.InvalidParams($"Invalid params: {request.Method} needs a params object");
        }
        catch (JsonException e)
        {
            throw JsonRpcException.InvalidParams($"Invalid params for {request.Method}: {e.Message}", e.Path);
        }
        catch (NotSupportedException e)
        {
            throw JsonRpcException.InvalidParams($"Invalid params for {request.Method}: {e.Message}");
        }
    }

    private static JsonRpcParse Fail(JsonNode? id, int code, string message) => new(null, new JsonRpcError(code, message), id);
}
