using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;

namespace Kubernaut.Hub.Tests.Investigation;

/// <summary>One scripted model turn: text to stream, then either tool calls or the end of the answer.</summary>
public sealed record ScriptedTurn(IReadOnlyList<string> TextChunks, IReadOnlyList<(string Name, string Arguments)> ToolCalls);

/// <summary>
/// An OpenAI-compatible <c>/v1/chat/completions</c> on a loopback port that plays scripted turns as streamed SSE
/// chunks (text deltas, then tool-call deltas or a stop), and keeps every request it received.
/// </summary>
public sealed class ScriptedChatEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<JsonObject> _requests = [];
    private readonly Queue<ScriptedTurn> _turns;

    private ScriptedChatEndpoint(IEnumerable<ScriptedTurn> turns)
    {
        _turns = new Queue<ScriptedTurn>(turns);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapPost("/v1/chat/completions", HandleAsync);
    }

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<JsonObject> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<ScriptedChatEndpoint> StartAsync(params ScriptedTurn[] turns)
    {
        var endpoint = new ScriptedChatEndpoint(turns);
        await endpoint._app.StartAsync();
        var address = endpoint._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        endpoint.BaseAddress = new Uri(address.TrimEnd('/') + "/v1/");
        return endpoint;
    }

    private async Task HandleAsync(HttpContext http)
    {
        var request = (await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted))!.AsObject();
        ScriptedTurn? turn;
        lock (_requests)
        {
            _requests.Add(request);
            _turns.TryDequeue(out turn);
        }

        if (turn is null)
        {
            http.Response.StatusCode = 500;
            await http.Response.WriteAsync("{\"error\":{\"message\":\"script exhausted\",\"type\":\"server_error\"}}");
            return;
        }

        http.Response.ContentType = "text/event-stream";
        foreach (var chunk in turn.TextChunks)
        {
            await WriteAsync(http, new JsonObject { ["content"] = chunk }, null);
        }

        for (var i = 0; i < turn.ToolCalls.Count; i++)
        {
            var (name, arguments) = turn.ToolCalls[i];
            await WriteAsync(http, new JsonObject
            {
                ["tool_calls"] = new JsonArray(new JsonObject
                {
                    ["index"] = i,
                    ["id"] = $"call_{_requests.Count}_{i}",
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = name, ["arguments"] = arguments },
                }),
            }, null);
        }

        await WriteAsync(http, new JsonObject(), turn.ToolCalls.Count > 0 ? "tool_calls" : "stop");
        await http.Response.WriteAsync("data: [DONE]\n\n");
    }

    private static async Task WriteAsync(HttpContext http, JsonObject delta, string? finish)
    {
        var chunk = new JsonObject
        {
            ["id"] = "chatcmpl-scripted",
            ["object"] = "chat.completion.chunk",
            ["created"] = 1767225600,
            ["model"] = "scripted",
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
        };
        await http.Response.WriteAsync("data: " + chunk.ToJsonString() + "\n\n", Encoding.UTF8);
        await http.Response.Body.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public static string Serialize(object value) => JsonSerializer.Serialize(value);
}
