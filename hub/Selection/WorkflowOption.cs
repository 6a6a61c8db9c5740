using System.Text.Json.Serialization;

namespace Kubernaut.Hub.Selection;

/// <summary>
/// One workflow presented for a request, as the seed shows them ("restart-and-patch-memory · Confidence 91% · Risk low ·
/// Bump memory limit to 768Mi + rolling restart"): stored on the RR for people, the console and agents to render.
/// </summary>
internal sealed record WorkflowOption(
    [property: JsonPropertyName("workflow")] string Workflow,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("actionType")] string ActionType,
    [property: JsonPropertyName("risk")] string Risk,
    [property: JsonPropertyName("confidence")] double Confidence,
    [property: JsonPropertyName("parameters")] IReadOnlyDictionary<string, string> Parameters,
    [property: JsonPropertyName("rationale")] string Rationale,
    [property: JsonPropertyName("ready")] bool Ready,
    [property: JsonPropertyName("problems")] IReadOnlyList<string>? Problems = null);
