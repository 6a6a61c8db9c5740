using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Kubernaut.SpokeAddon.Tests.Support;

internal static class ToolCalls
{
    /// <summary>Calls a tool and parses its JSON text; fails the test when the tool reports an error.</summary>
    public static async Task<JsonObject> CallJsonAsync(this McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments, cancellationToken: TestContext.Current.CancellationToken);
        var text = Text(result);
        Assert.False(result.IsError == true, $"{tool} failed: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(t => t.Text));
}
