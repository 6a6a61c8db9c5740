using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Kubernaut.Hub.A2A.Wire;

/// <summary>A piece of a message or artifact: text, structured data or a file (discriminated by <c>kind</c>).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(TextPart), "text")]
[JsonDerivedType(typeof(DataPart), "data")]
[JsonDerivedType(typeof(FilePart), "file")]
internal abstract record Part
{
    [JsonPropertyName("metadata")]
    public JsonObject? Metadata { get; init; }
}

internal sealed record TextPart([property: JsonPropertyName("text")] string Text) : Part;

/// <summary>Structured content a client renders itself (the workflow options, a decision).</summary>
internal sealed record DataPart([property: JsonPropertyName("data")] JsonObject Data) : Part;

internal sealed record FilePart([property: JsonPropertyName("file")] FileContent File) : Part;

/// <summary>A file by value (<c>bytes</c>, base64) or by reference (<c>uri</c>).</summary>
internal sealed record FileContent(
    [property: JsonPropertyName("name")] string? Name = null,
    [property: JsonPropertyName("mimeType")] string? MimeType = null,
    [property: JsonPropertyName("bytes")] string? Bytes = null,
    [property: JsonPropertyName("uri")] string? Uri = null);
