using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json.Nodes;
using Kubernaut.Hub.Investigation.Engine;
using Kubernaut.Hub.Investigation.Spoke;
using Kubernaut.Hub.Investigation.Transcript;
using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Thanos;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;

namespace Kubernaut.Hub.Investigation.Llm;

/// <summary>
/// The investigation run by a model (Microsoft.Extensions.AI over any OpenAI-compatible endpoint): the spoke's MCP
/// tools and PromQL as functions it may call, its answer streamed token by token into the transcript, its final JSON
/// verdict parsed into the same <see cref="InvestigationResult"/>. Any failure (unreachable, an error status, no
/// usable verdict) throws, and the stage falls back to the deterministic engine.
/// </summary>
internal sealed class LlmInvestigator(ThanosClient thanos, IOptions<InvestigationOptions> options)
{
    public async Task<InvestigationResult> InvestigateAsync(InvestigationTarget target, ISpokeTools spoke, IReadOnlyList<string> notes,
        TranscriptWriter transcript, CancellationToken ct)
    {
        var llm = options.Value.Llm;
        using var client = CreateClient(llm);
        var tools = new List<AITool>(await spoke.DescribeAsync(ct));
        tools.AddRange(PromQlTools.Create(thanos));
        var messages = new List<ChatMessage>
        {
            new(ChatRole.System, LlmPrompt.System),
            new(ChatRole.User, LlmPrompt.Task(target, notes)),
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(llm.Timeout);
        var answer = new StringBuilder();
        var pending = new StringBuilder();
        await foreach (var update in client.GetStreamingResponseAsync(messages, new ChatOptions { Tools = tools, ModelId = llm.Model }, timeout.Token))
        {
            foreach (var content in update.Contents)
            {
                switch (content)
                {
                    case TextContent text when text.Text.Length > 0:
                        answer.Append(text.Text);
                        pending.Append(text.Text);
                        await transcript.WriteAsync(TranscriptKinds.Token, text.Text, null, ct);
                        break;
                    case FunctionCallContent call:
                        answer.Clear();
                        await transcript.ToolAsync(call.Name, string.Join(", ", (call.Arguments ?? new Dictionary<string, object?>()).Select(a => $"{a.Key}={a.Value}")), ct);
                        break;
                }
            }
        }

        var result = LlmVerdict.Parse(answer.ToString(), target)
            ?? throw new InvalidOperationException("the model's final answer carried no verdict JSON");
        await transcript.WriteAsync(TranscriptKinds.Conclusion, result.RootCause ?? result.Summary,
            new JsonObject { ["result"] = System.Text.Json.JsonSerializer.SerializeToNode(result, RemediationStore.Json) }, ct);
        return result;
    }

    private static IChatClient CreateClient(LlmOptions llm)
    {
        var key = llm.ApiKeyFile is { Length: > 0 } file ? File.ReadAllText(file).Trim() : llm.ApiKey;
        var openAi = new OpenAI.Chat.ChatClient(llm.Model, new ApiKeyCredential(key is { Length: > 0 } ? key : "unused"), new OpenAIClientOptions
        {
            Endpoint = llm.Endpoint,
            NetworkTimeout = llm.Timeout,
            // The fallback is the retry: a model that fails once is not asked again within this investigation.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });
        return new ChatClientBuilder(openAi.AsIChatClient())
            .UseFunctionInvocation(configure: f =>
            {
                f.MaximumIterationsPerRequest = llm.MaxToolCalls;
                f.MaximumConsecutiveErrorsPerRequest = 3;
            })
            .Build();
    }
}
