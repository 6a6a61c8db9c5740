namespace Kubernaut.KindFleet.Protobuf;

internal enum ProtoFieldKind
{
    String,
    Int64,
    Int32,
    Bool,
    Bytes,
    Message,
    Map,
    IntOrString,
    Quantity,
    Time,
}

/// <summary>
/// One field of a Kubernetes protobuf message. Go's generated marshallers always write non-pointer scalars, even
/// when zero; <paramref name="KeepZero"/> marks pointer fields whose zero is meaningful (replicas: 0), the rest are
/// dropped when zero so the decoded object matches what the same client would have sent as JSON (omitempty).
/// </summary>
internal sealed record ProtoField(
    string Name,
    ProtoFieldKind Kind,
    ProtoSchema? Message = null,
    bool Repeated = false,
    bool KeepZero = false,
    ProtoFieldKind MapValue = ProtoFieldKind.String)
{
    public static ProtoField Str(string name) => new(name, ProtoFieldKind.String);

    public static ProtoField Strings(string name) => new(name, ProtoFieldKind.String, Repeated: true);

    public static ProtoField Int(string name, bool keepZero = false) => new(name, ProtoFieldKind.Int32, KeepZero: keepZero);

    public static ProtoField Long(string name, bool keepZero = false) => new(name, ProtoFieldKind.Int64, KeepZero: keepZero);

    public static ProtoField Flag(string name, bool keepZero = false) => new(name, ProtoFieldKind.Bool, KeepZero: keepZero);

    public static ProtoField Msg(string name, ProtoSchema schema) => new(name, ProtoFieldKind.Message, schema);

    public static ProtoField List(string name, ProtoSchema schema) => new(name, ProtoFieldKind.Message, schema, Repeated: true);

    public static ProtoField StringMap(string name) => new(name, ProtoFieldKind.Map);

    public static ProtoField BytesMap(string name) => new(name, ProtoFieldKind.Map, MapValue: ProtoFieldKind.Bytes);

    public static ProtoField QuantityMap(string name) => new(name, ProtoFieldKind.Map, MapValue: ProtoFieldKind.Quantity);

    public static ProtoField IntOrString(string name) => new(name, ProtoFieldKind.IntOrString, KeepZero: true);

    public static ProtoField Time(string name) => new(name, ProtoFieldKind.Time);
}

/// <summary>Field numbers of one Kubernetes protobuf message (from k8s.io/api's generated.proto).</summary>
internal sealed class ProtoSchema(Dictionary<int, ProtoField> fields)
{
    public ProtoField? Field(int number) => fields.GetValueOrDefault(number);

    /// <summary>The usual top-level shape: metadata = 1, spec = 2, status = 3.</summary>
    public static ProtoSchema Object(ProtoSchema spec, ProtoSchema? status = null)
    {
        var top = new Dictionary<int, ProtoField>
        {
            [1] = ProtoField.Msg("metadata", ProtoMeta.ObjectMeta),
            [2] = ProtoField.Msg("spec", spec),
        };
        if (status is not null)
        {
            top[3] = ProtoField.Msg("status", status);
        }

        return new ProtoSchema(top);
    }
}
