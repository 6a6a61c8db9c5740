using System.Text;
using System.Text.Json.Nodes;
using Kubernaut.Hub.A2A;
using Kubernaut.Hub.A2A.Wire;

namespace Kubernaut.Hub.Tests.A2A;

public sealed class JsonRpcParserTests
{
    [Fact]
    public void Parse_NotJson_ParseErrorWithNullId()
    {
        var parsed = Parse("{\"jsonrpc\": \"2.0\", \"method\": ");
        Assert.Null(parsed.Request);
        Assert.Equal(JsonRpcErrorCodes.ParseError, parsed.Error!.Code);
        Assert.Null(parsed.Id);
        Assert.Null(JsonRpcResponse.Error(parsed.Id, parsed.Error)["id"]);
        Assert.True(JsonRpcResponse.Error(parsed.Id, parsed.Error).ContainsKey("id"));
    }

    [Theory]
    [InlineData("[]", "batches")]
    [InlineData("42", "object")]
    [InlineData("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"tasks/get\"}", "jsonrpc")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1}", "method")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}", "method")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"tasks/get\"}", "id")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tasks/get\",\"params\":\"x\"}", "params")]
    public void Parse_WellFormedButNoRequest_InvalidRequestSayingWhy(string body, string names)
    {
        var parsed = Parse(body);
        Assert.Null(parsed.Request);
        Assert.Equal(JsonRpcErrorCodes.InvalidRequest, parsed.Error!.Code);
        Assert.Contains(names, parsed.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WrongVersionWithId_ErrorKeepsTheId()
    {
        var parsed = Parse("{\"jsonrpc\":\"1.0\",\"id\":\"abc\",\"method\":\"tasks/get\"}");
        Assert.Equal("abc", parsed.Id!.GetValue<string>());
    }

    [Theory]
    [InlineData("\"req-1\"")]
    [InlineData("17")]
    public void Parse_Request_MethodParamsAndIdAsSent(string id)
    {
        var parsed = Parse($"{{\"params\":{{\"id\":\"t1\"}},\"id\":{id},\"method\":\"tasks/get\",\"jsonrpc\":\"2.0\"}}");
        var request = parsed.Request!;
        Assert.Equal("tasks/get", request.Method);
        Assert.Equal(id, request.Id!.ToJsonString());
        Assert.Equal("t1", JsonRpcParser.Params<TaskQueryParams>(request).Id);
        Assert.Equal(id, JsonRpcResponse.Result(request.Id, new { ok = true })["id"]!.ToJsonString());
    }

    [Fact]
    public void Params_MessageSendWithPartsOfEachKind_ReadWhateverTheKindPosition()
    {
        var request = Request("""
            {"message":{"role":"user","messageId":"m1","parts":[
              {"text":"The payment processing in prod-eu-west feels sluggish","kind":"text"},
              {"kind":"data","data":{"cluster":"prod-eu-west"}},
              {"kind":"file","file":{"uri":"https://example/x.log","mimeType":"text/plain"}}],"kind":"message"},
             "configuration":{"blocking":true,"historyLength":3}}
            """);
        var p = JsonRpcParser.Params<MessageSendParams>(request);
        Assert.Equal("The payment processing in prod-eu-west feels sluggish", p.Message.Text);
        Assert.Equal("prod-eu-west", Assert.IsType<DataPart>(p.Message.Parts[1]).Data["cluster"]!.GetValue<string>());
        Assert.Equal("https://example/x.log", Assert.IsType<FilePart>(p.Message.Parts[2]).File.Uri);
        Assert.True(p.Configuration!.Blocking);
        Assert.Equal(3, p.Configuration.HistoryLength);
    }

    [Theory]
    [InlineData("""{"message":{"role":"user","parts":[{"kind":"text","text":"hi"}]}}""")]
    [InlineData("""{"message":{"role":"user","messageId":"m","parts":[{"kind":"audio","text":"hi"}]}}""")]
    [InlineData("""{"message":{"role":"user","messageId":"m","parts":[{"kind":"text"}]}}""")]
    [InlineData("""{"message":{"role":"user","messageId":"m","parts":"hi"}}""")]
    [InlineData("""{"configuration":{}}""")]
    public void Params_BadMessage_InvalidParams(string parameters)
    {
        var e = Assert.Throws<JsonRpcException>(() => JsonRpcParser.Params<MessageSendParams>(Request(parameters)));
        Assert.Equal(JsonRpcErrorCodes.InvalidParams, e.Error.Code);
    }

    [Fact]
    public void Params_Missing_InvalidParams()
    {
        var request = JsonRpcParser.Parse(Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tasks/get\"}")).Request!;
        Assert.Equal(JsonRpcErrorCodes.InvalidParams, Assert.Throws<JsonRpcException>(() => JsonRpcParser.Params<TaskQueryParams>(request)).Error.Code);
    }

    [Theory]
    [InlineData("tasks/pushNotificationConfig/set", JsonRpcErrorCodes.PushNotificationNotSupported)]
    [InlineData("agent/getAuthenticatedExtendedCard", JsonRpcErrorCodes.AuthenticatedExtendedCardNotConfigured)]
    [InlineData("SendMessage", JsonRpcErrorCodes.MethodNotFound)]
    [InlineData("tasks/list", JsonRpcErrorCodes.MethodNotFound)]
    public void Needs_MethodNotServed_NullAndTheRightError(string method, int code)
    {
        Assert.Null(A2AMethods.Needs(method));
        Assert.Equal(code, A2AMethods.Unsupported(method).Code);
    }

    [Fact]
    public void Needs_EachMethod_TheRestApiRoles()
    {
        Assert.Equal(A2AAccess.Start, A2AMethods.Needs("message/send"));
        Assert.Equal(A2AAccess.Start, A2AMethods.Needs("message/stream"));
        Assert.Equal(A2AAccess.Read, A2AMethods.Needs("tasks/get"));
        Assert.Equal(A2AAccess.Read, A2AMethods.Needs("tasks/resubscribe"));
        Assert.Equal(A2AAccess.Decide, A2AMethods.Needs("tasks/cancel"));
    }

    [Fact]
    public void Frame_Event_OneDataLineAndIdWhenResumable()
    {
        var response = JsonRpcResponse.Result(JsonValue.Create(5), new TaskStatusUpdateEvent("t", "c", new A2ATaskStatus("working", Message.Agent("m", "t", "c", [new TextPart("line one\nline two")])), false));
        var framed = SseWriter.Frame(response, 42);
        Assert.StartsWith("id: 42\ndata: {", framed, StringComparison.Ordinal);
        Assert.EndsWith("}\n\n", framed, StringComparison.Ordinal);
        Assert.Equal(3, framed.Split('\n').Length - 1);
        Assert.DoesNotContain("id:", SseWriter.Frame(response, null), StringComparison.Ordinal);
        var data = JsonNode.Parse(framed.Split('\n')[1]["data: ".Length..])!;
        Assert.Equal("status-update", data["result"]!["kind"]!.GetValue<string>());
        Assert.False(data["result"]!["final"]!.GetValue<bool>());
        Assert.Equal("2.0", data["jsonrpc"]!.GetValue<string>());
    }

    private static JsonRpcParse Parse(string body) => JsonRpcParser.Parse(Encoding.UTF8.GetBytes(body));

    private static JsonRpcRequest Request(string parameters) =>
        JsonRpcParser.Parse(Encoding.UTF8.GetBytes($"{{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"message/send\",\"params\":{parameters}}}")).Request!;
}
