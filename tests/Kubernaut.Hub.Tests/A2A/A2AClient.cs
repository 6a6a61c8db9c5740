using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Kubernaut.Hub.Tests.A2A;

/// <summary>One event of an A2A stream: the SSE id (when the server gave one) and the JSON-RPC response it carried.</summary>
public sealed record A2AStreamEvent(long? Id, JsonElement Response)
{
    public JsonElement Result => Response.GetProperty("result");

    public string Kind => Result.GetProperty("kind").GetString()!;

    public bool Final => Kind == "status-update" && Result.GetProperty("final").GetBoolean();

    public string? State => Kind switch
    {
        "task" or "status-update" => Result.GetProperty("status").GetProperty("state").GetString(),
        _ => null,
    };

    /// <summary>The message ids this event shows (a task's history, a status update's message).</summary>
    public IEnumerable<string> MessageIds => Kind switch
    {
        "task" => Result.GetProperty("history").EnumerateArray().Select(m => m.GetProperty("messageId").GetString()!),
        "status-update" when Result.GetProperty("status").TryGetProperty("message", out var m) => [m.GetProperty("messageId").GetString()!],
        _ => [],
    };
}

/// <summary>A plain A2A client (JSON-RPC over HTTP POST, SSE for streams), as another agent would call the hub.</summary>
public sealed class A2AClient(HttpClient http, string path = "/a2a")
{
    private int _id;

    public static object UserMessage(string text, string? taskId = null, string? contextId = null) => new
    {
        kind = "message",
        role = "user",
        messageId = Guid.NewGuid().ToString(),
        taskId,
        contextId,
        parts = new object[] { new { kind = "text", text } },
    };

    public async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(string method, object parameters, string? token)
    {
        using var request = Request(method, parameters, token, null);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> PostRawAsync(string body, string? token, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, null, contentType) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>
    /// A streaming call: reads events until the final one and the server's end of the stream, or, with
    /// <paramref name="stopAfter"/>, hangs up after that many events (a dropped connection).
    /// </summary>
    public async Task<List<A2AStreamEvent>> StreamAsync(string method, object parameters, string token, long? lastEventId = null, int? stopAfter = null,
        int seconds = 300)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        using var request = Request(method, parameters, token, lastEventId);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            Assert.Fail($"{method} answered {(int)response.StatusCode} {response.Content.Headers.ContentType}: {await response.Content.ReadAsStringAsync(timeout.Token)}");
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var events = new List<A2AStreamEvent>();
        long? id = null;
        string? data = null;
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    events.Add(new A2AStreamEvent(id, JsonDocument.Parse(data).RootElement.Clone()));
                    TestContext.Current.TestOutputHelper?.WriteLine($"[{id}] {data}");
                    if (events.Count == stopAfter)
                    {
                        return events;
                    }
                }

                (id, data) = (null, null);
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = long.Parse(line[4..], CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }

        return events;
    }

    private HttpRequestMessage Request(string method, object parameters, string? token, long? lastEventId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = JsonContent.Create(new { jsonrpc = "2.0", id = Interlocked.Increment(ref _id), method, @params = parameters }),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (lastEventId is { } last)
        {
            request.Headers.Add("Last-Event-ID", last.ToString(CultureInfo.InvariantCulture));
        }

        return request;
    }
}
