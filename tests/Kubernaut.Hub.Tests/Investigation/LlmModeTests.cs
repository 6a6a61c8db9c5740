using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Kubernaut.Hub.Tests.Investigation;

/// <summary>LLM mode: a scripted OpenAI-compatible model drives the spoke's MCP tools and PromQL; its tokens stream into the transcript.</summary>
public sealed partial class ProdUsEastInvestigationTests
{
    private const string Verdict = """{"rootCause": "redis is healthy; the alert was transient", "categories": ["transient-failure"], "confidence": 0.55, "evidence": [{"source": "get_pods", "finding": "redis-0 ready, 0 restarts"}], "facts": {"statefulset": "redis"}, "inconclusive": false}""";

    [Fact]
    public async Task Investigate_LlmMode_ModelCallsToolsAndStreamsTokens()
    {
        await using var model = await ScriptedChatEndpoint.StartAsync(
            new ScriptedTurn(["Checking ", "the pods ", "first… "],
            [
                ("get_pods", ScriptedChatEndpoint.Serialize(new { @namespace = "prod", labelSelector = "app=redis" })),
                ("promql_query", ScriptedChatEndpoint.Serialize(new { query = "max(container_memory_working_set_bytes{cluster=\"prod-us-east\",container=\"redis\"})" })),
            ]),
            new ScriptedTurn(["redis-0 is ready ", "with no restarts. ", Verdict[..40], Verdict[40..]], []));
        var hub = await fleet.StartHubAsync("--Investigation:Mode", "Llm", "--Investigation:Llm:Endpoint", model.BaseAddress.AbsoluteUri, "--Investigation:Llm:Model", "scripted");

        var id = await fleet.AlertAsync(hub, "RedisSlow", "prod", "statefulset", "redis");
        var investigation = await InvestigationFleet.InvestigatedAsync(hub, id);
        var transcript = await InvestigationFleet.TranscriptAsync(hub, id);

        Assert.Equal("redis is healthy; the alert was transient", investigation.GetProperty("rootCause").GetString());
        Assert.Equal(["transient-failure"], Categories(investigation));
        var tokens = transcript.Where(t => t.GetProperty("type").GetString() == "token").Select(t => t.GetProperty("text").GetString()).ToList();
        Assert.Equal(["Checking ", "the pods ", "first… ", "redis-0 is ready ", "with no restarts. ", Verdict[..40], Verdict[40..]], tokens);
        Assert.Contains(transcript, t => t.GetProperty("type").GetString() == "tool-call" && t.GetProperty("tool").GetString() == "get_pods");
        Assert.Contains(transcript, t => t.GetProperty("type").GetString() == "tool-call" && t.GetProperty("tool").GetString() == "promql_query");

        // The model was offered the spoke's tools and got their real answers back.
        Assert.Equal(2, model.Requests.Count);
        var offered = model.Requests[0]["tools"]!.AsArray().Select(t => t!["function"]!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("list_events", offered);
        Assert.Contains("get_configmap", offered);
        Assert.Contains("promql_query", offered);
        var toolAnswers = model.Requests[1]["messages"]!.AsArray().Where(m => m!["role"]!.GetValue<string>() == "tool").Select(m => m!["content"]!.ToJsonString()).ToList();
        Assert.Contains(toolAnswers, a => a.Contains("redis-0", StringComparison.Ordinal));
        Assert.Contains(toolAnswers, a => a.Contains("resultType", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Investigate_LlmUnreachable_FallsBackToDeterministicAndSaysSo()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var hub = await fleet.StartHubAsync("--Investigation:Mode", "Llm", "--Investigation:Llm:Endpoint", $"http://127.0.0.1:{port}/v1");

        var id = await fleet.AlertAsync(hub, "RedisSlow", "prod", "statefulset", "redis");
        var investigation = await InvestigationFleet.InvestigatedAsync(hub, id);
        var transcript = await InvestigationFleet.TranscriptAsync(hub, id);

        var fallback = Assert.Single(transcript, t => t.TryGetProperty("fallback", out _));
        Assert.Contains("falling back to the deterministic engine", fallback.GetProperty("text").GetString());
        Assert.Contains(transcript, t => t.GetProperty("mode").GetString() == "deterministic" && t.GetProperty("type").GetString() == "narration");
        Assert.Equal(JsonValueKind.Object, investigation.ValueKind);
        Assert.True(investigation.TryGetProperty("inconclusive", out _));
    }
}
