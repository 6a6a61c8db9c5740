using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kubernaut.Hub.A2A.Wire;

/// <summary>
/// How A2A shapes are (de)serialized: camelCase names as the records spell them, nulls left out, and required
/// constructor parameters enforced, so a message without <c>messageId</c> or a part without <c>text</c> is refused as
/// invalid params rather than read as empty.
/// </summary>
internal static class A2AJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        AllowOutOfOrderMetadataProperties = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };
}
