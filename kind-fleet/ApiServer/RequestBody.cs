using System.Text;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Protobuf;
using Kubernaut.KindFleet.Storage;
using YamlDotNet.Serialization;

namespace Kubernaut.KindFleet.ApiServer;

/// <summary>Reads a request body as JSON, or YAML for server-side apply, with a size cap.</summary>
internal static class RequestBody
{
    private const int MaxBytes = 3 * 1024 * 1024;

    public static async Task<JsonNode?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        if (buffer.Length > MaxBytes)
        {
            throw new KubeApiException(System.Net.HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLarge", "request is too large");
        }

        if (buffer.Length == 0)
        {
            throw KubeApiException.BadRequest("the request body is empty");
        }

        if ((request.ContentType ?? "").Contains("protobuf", StringComparison.OrdinalIgnoreCase))
        {
            return KubeProtobuf.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }

        var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        return (request.ContentType ?? "").Contains("yaml", StringComparison.OrdinalIgnoreCase) && !text.TrimStart().StartsWith('{')
            ? FromYaml(text)
            : JsonNode.Parse(text);
    }

    public static JsonNode? FromYaml(string yaml)
    {
        var graph = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build().Deserialize<object?>(yaml);
        var json = new SerializerBuilder().JsonCompatible().Build().Serialize(graph);
        return JsonNode.Parse(json);
    }
}
