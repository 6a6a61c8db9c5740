using System.Globalization;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Storage;

namespace Kubernaut.KindFleet.Protobuf;

/// <summary>
/// Decodes the Kubernetes protobuf envelope (<c>k8s\0</c> + runtime.Unknown) into the JSON object the same client
/// would have sent as JSON. kubectl's typed clients (<c>create namespace|serviceaccount|configmap|secret|role|
/// rolebinding|deployment|service|token</c>, <c>auth can-i</c>, <c>drain</c>) always send protobuf, so every kind they
/// create has a schema here; anything else is refused with 415 and a clear message.
/// </summary>
internal static class KubeProtobuf
{
    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    public static readonly IReadOnlyDictionary<string, ProtoSchema> ByKind = new Dictionary<string, ProtoSchema>(StringComparer.Ordinal)
    {
        ["SelfSubjectAccessReview"] = ProtoReviews.SelfSubjectAccessReview,
        ["SubjectAccessReview"] = ProtoReviews.SubjectAccessReview,
        ["LocalSubjectAccessReview"] = ProtoReviews.SubjectAccessReview,
        ["SelfSubjectRulesReview"] = ProtoReviews.SelfSubjectRulesReview,
        ["SelfSubjectReview"] = ProtoReviews.SelfSubjectReview,
        ["TokenReview"] = ProtoReviews.TokenReview,
        ["TokenRequest"] = ProtoReviews.TokenRequest,
        ["Eviction"] = ProtoReviews.Eviction,
        ["Namespace"] = ProtoCore.Namespace,
        ["ServiceAccount"] = ProtoCore.ServiceAccount,
        ["ConfigMap"] = ProtoCore.ConfigMap,
        ["Secret"] = ProtoCore.Secret,
        ["Service"] = ProtoCore.Service,
        ["Role"] = ProtoCore.Role,
        ["ClusterRole"] = ProtoCore.Role,
        ["RoleBinding"] = ProtoCore.RoleBinding,
        ["ClusterRoleBinding"] = ProtoCore.RoleBinding,
        ["Pod"] = ProtoWorkloads.Pod,
        ["Deployment"] = ProtoWorkloads.Deployment,
        ["StatefulSet"] = ProtoWorkloads.StatefulSet,
        ["PodDisruptionBudget"] = ProtoWorkloads.PodDisruptionBudget,
    };

    public static JsonObject Decode(ReadOnlySpan<byte> body)
    {
        if (!body.StartsWith(Magic))
        {
            throw Unsupported("a protobuf body without the k8s envelope");
        }

        string apiVersion = "", kind = "";
        ReadOnlySpan<byte> raw = default;
        var reader = new ProtoReader(body[Magic.Length..]);
        while (reader.Next(out var field, out var wire))
        {
            switch (field, wire)
            {
                case (1, 2):
                    var typeMeta = new ProtoReader(reader.Bytes());
                    while (typeMeta.Next(out var f, out var w))
                    {
                        if (f == 1 && w == 2) apiVersion = typeMeta.String();
                        else if (f == 2 && w == 2) kind = typeMeta.String();
                        else typeMeta.Skip(w);
                    }

                    break;
                case (2, 2):
                    raw = reader.Bytes();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        if (!ByKind.TryGetValue(kind, out var schema))
        {
            throw Unsupported($"{kind} sent as protobuf; send it as JSON (for example with kubectl apply -f)");
        }

        var obj = Message(raw, schema);
        obj["apiVersion"] = apiVersion;
        obj["kind"] = kind;
        return obj;
    }

    private static JsonObject Message(ReadOnlySpan<byte> bytes, ProtoSchema schema)
    {
        var obj = new JsonObject();
        var reader = new ProtoReader(bytes);
        while (reader.Next(out var number, out var wire))
        {
            var field = schema.Field(number);
            if (field is null)
            {
                reader.Skip(wire);
                continue;
            }

            if (field.Kind == ProtoFieldKind.Map)
            {
                var (key, value) = MapEntry(reader.Bytes(), field.MapValue);
                (obj[field.Name] as JsonObject ?? (JsonObject)(obj[field.Name] = new JsonObject()))[key] = value;
                continue;
            }

            var node = Value(ref reader, field);
            if (field.Repeated)
            {
                (obj[field.Name] as JsonArray ?? (JsonArray)(obj[field.Name] = new JsonArray())).Add(node);
            }
            else if (node is not null)
            {
                obj[field.Name] = node;
            }
        }

        return obj;
    }

    /// <summary>One field's value, or null for a zero the JSON form would have omitted.</summary>
    private static JsonNode? Value(ref ProtoReader reader, ProtoField field)
    {
        switch (field.Kind)
        {
            case ProtoFieldKind.String:
                var s = reader.String();
                return s.Length > 0 || field.Repeated || field.KeepZero ? s : null;
            case ProtoFieldKind.Int64:
                var l = (long)reader.Varint();
                return l != 0 || field.KeepZero ? l : null;
            case ProtoFieldKind.Int32:
                var i = (int)(long)reader.Varint();
                return i != 0 || field.KeepZero ? i : null;
            case ProtoFieldKind.Bool:
                var b = reader.Varint() != 0;
                return b || field.KeepZero ? b : null;
            case ProtoFieldKind.Bytes:
                return Convert.ToBase64String(reader.Bytes());
            case ProtoFieldKind.Message:
                return Message(reader.Bytes(), field.Message!);
            case ProtoFieldKind.IntOrString:
                return IntOrString(reader.Bytes());
            case ProtoFieldKind.Quantity:
                return Quantity(reader.Bytes());
            case ProtoFieldKind.Time:
                return Time(reader.Bytes());
            default:
                throw new InvalidOperationException($"unhandled protobuf field kind {field.Kind}");
        }
    }

    private static (string Key, JsonNode? Value) MapEntry(ReadOnlySpan<byte> entry, ProtoFieldKind valueKind)
    {
        var reader = new ProtoReader(entry);
        string key = "";
        JsonNode? value = valueKind == ProtoFieldKind.Bytes ? "" : null;
        while (reader.Next(out var f, out var w))
        {
            switch (f)
            {
                case 1:
                    key = reader.String();
                    break;
                case 2:
                    value = valueKind switch
                    {
                        ProtoFieldKind.Bytes => Convert.ToBase64String(reader.Bytes()),
                        ProtoFieldKind.Quantity => Quantity(reader.Bytes()),
                        _ => reader.String(),
                    };
                    break;
                default:
                    reader.Skip(w);
                    break;
            }
        }

        return (key, value ?? "");
    }

    /// <summary>intstr.IntOrString: type = 1 (0 int, 1 string), intVal = 2, strVal = 3.</summary>
    private static JsonNode IntOrString(ReadOnlySpan<byte> bytes)
    {
        var reader = new ProtoReader(bytes);
        long type = 0;
        int number = 0;
        var text = "";
        while (reader.Next(out var f, out var w))
        {
            switch (f)
            {
                case 1: type = (long)reader.Varint(); break;
                case 2: number = (int)(long)reader.Varint(); break;
                case 3: text = reader.String(); break;
                default: reader.Skip(w); break;
            }
        }

        return type == 1 ? JsonValue.Create(text) : JsonValue.Create(number);
    }

    /// <summary>resource.Quantity travels as its canonical string in field 1.</summary>
    private static JsonNode Quantity(ReadOnlySpan<byte> bytes)
    {
        var reader = new ProtoReader(bytes);
        var text = "";
        while (reader.Next(out var f, out var w))
        {
            if (f == 1) text = reader.String();
            else reader.Skip(w);
        }

        return text;
    }

    /// <summary>metav1.Time: seconds = 1, nanos = 2; the zero time is what JSON sends as null, so it is dropped.</summary>
    private static JsonNode? Time(ReadOnlySpan<byte> bytes)
    {
        var reader = new ProtoReader(bytes);
        long seconds = 0;
        while (reader.Next(out var f, out var w))
        {
            if (f == 1) seconds = (long)reader.Varint();
            else reader.Skip(w);
        }

        return seconds == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
    }

    private static KubeApiException Unsupported(string why) =>
        new(System.Net.HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType", $"the simulated apiserver cannot decode {why}");
}
