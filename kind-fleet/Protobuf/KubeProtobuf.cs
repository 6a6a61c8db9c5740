using System.Text;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Storage;

namespace Kubernaut.KindFleet.Protobuf;

/// <summary>
/// Decodes the Kubernetes protobuf envelope (<c>k8s\0</c> + runtime.Unknown) for the few request kinds
/// client-go's typed clients send as protobuf and kubectl cannot be told to send as JSON:
/// access and token reviews, TokenRequest and Eviction. Anything else is refused with 415 and a clear message.
/// </summary>
internal static class KubeProtobuf
{
    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    public static JsonObject Decode(ReadOnlySpan<byte> body)
    {
        if (!body.StartsWith(Magic))
        {
            throw Unsupported("the protobuf body lacks the k8s envelope");
        }

        string apiVersion = "", kind = "";
        ReadOnlySpan<byte> raw = default;
        var reader = new ProtoReader(body[Magic.Length..]);
        while (reader.Next(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    var typeMeta = new ProtoReader(reader.Bytes());
                    while (typeMeta.Next(out var f, out var w))
                    {
                        if (f == 1 && w == 2) apiVersion = typeMeta.String();
                        else if (f == 2 && w == 2) kind = typeMeta.String();
                        else typeMeta.Skip(w);
                    }

                    break;
                case 2:
                    raw = reader.Bytes();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        if (!ProtoSchema.ByKind.TryGetValue(kind, out var schema))
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

            switch (field.Kind)
            {
                case ProtoFieldKind.String:
                    obj[field.Name] = reader.String();
                    break;
                case ProtoFieldKind.Int64:
                    obj[field.Name] = (long)reader.Varint();
                    break;
                case ProtoFieldKind.Bool:
                    obj[field.Name] = reader.Varint() != 0;
                    break;
                case ProtoFieldKind.RepeatedString:
                    (obj[field.Name] as JsonArray ?? (JsonArray)(obj[field.Name] = new JsonArray())).Add(reader.String());
                    break;
                case ProtoFieldKind.Message:
                    obj[field.Name] = Message(reader.Bytes(), field.Message!);
                    break;
            }
        }

        return obj;
    }

    private static KubeApiException Unsupported(string why) =>
        new(System.Net.HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType", $"the simulated apiserver cannot decode {why}");

    private ref struct ProtoReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _pos;

        public bool Next(out int field, out int wire)
        {
            if (_pos >= _data.Length)
            {
                field = wire = 0;
                return false;
            }

            var tag = Varint();
            field = (int)(tag >> 3);
            wire = (int)(tag & 7);
            return true;
        }

        public ulong Varint()
        {
            ulong result = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = _data[_pos++];
                result |= (ulong)(b & 0x7f) << shift;
                if ((b & 0x80) == 0)
                {
                    return result;
                }
            }

            throw Unsupported("a malformed varint");
        }

        public ReadOnlySpan<byte> Bytes()
        {
            var length = (int)Varint();
            var slice = _data.Slice(_pos, length);
            _pos += length;
            return slice;
        }

        public string String() => Encoding.UTF8.GetString(Bytes());

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0: Varint(); break;
                case 1: _pos += 8; break;
                case 2: Bytes(); break;
                case 5: _pos += 4; break;
                default: throw Unsupported($"wire type {wire}");
            }
        }
    }
}
