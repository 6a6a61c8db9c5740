namespace Kubernaut.KindFleet.Protobuf;

internal enum ProtoFieldKind
{
    String,
    Int64,
    Bool,
    Message,
    RepeatedString,
}

internal sealed record ProtoField(string Name, ProtoFieldKind Kind, ProtoSchema? Message = null);

/// <summary>Field numbers of a Kubernetes protobuf message (from k8s.io/api's generated.proto).</summary>
internal sealed class ProtoSchema(Dictionary<int, ProtoField> fields)
{
    public ProtoField? Field(int number) => fields.GetValueOrDefault(number);

    private static readonly ProtoSchema ObjectMeta = new(new()
    {
        [1] = new("name", ProtoFieldKind.String),
        [2] = new("generateName", ProtoFieldKind.String),
        [3] = new("namespace", ProtoFieldKind.String),
    });

    private static readonly ProtoSchema ResourceAttributes = new(new()
    {
        [1] = new("namespace", ProtoFieldKind.String),
        [2] = new("verb", ProtoFieldKind.String),
        [3] = new("group", ProtoFieldKind.String),
        [4] = new("version", ProtoFieldKind.String),
        [5] = new("resource", ProtoFieldKind.String),
        [6] = new("subresource", ProtoFieldKind.String),
        [7] = new("name", ProtoFieldKind.String),
    });

    private static readonly ProtoSchema NonResourceAttributes = new(new()
    {
        [1] = new("path", ProtoFieldKind.String),
        [2] = new("verb", ProtoFieldKind.String),
    });

    /// <summary>The request kinds that typed clients (kubectl auth, create token, drain) send as protobuf.</summary>
    public static readonly Dictionary<string, ProtoSchema> ByKind = new(StringComparer.Ordinal)
    {
        ["SelfSubjectAccessReview"] = Object(new()
        {
            [1] = new("resourceAttributes", ProtoFieldKind.Message, ResourceAttributes),
            [2] = new("nonResourceAttributes", ProtoFieldKind.Message, NonResourceAttributes),
        }),
        ["SubjectAccessReview"] = Object(new()
        {
            [1] = new("resourceAttributes", ProtoFieldKind.Message, ResourceAttributes),
            [2] = new("nonResourceAttributes", ProtoFieldKind.Message, NonResourceAttributes),
            [3] = new("user", ProtoFieldKind.String),
            [4] = new("groups", ProtoFieldKind.RepeatedString),
            [6] = new("uid", ProtoFieldKind.String),
        }),
        ["LocalSubjectAccessReview"] = Object(new()
        {
            [1] = new("resourceAttributes", ProtoFieldKind.Message, ResourceAttributes),
            [2] = new("nonResourceAttributes", ProtoFieldKind.Message, NonResourceAttributes),
            [3] = new("user", ProtoFieldKind.String),
            [4] = new("groups", ProtoFieldKind.RepeatedString),
            [6] = new("uid", ProtoFieldKind.String),
        }),
        ["SelfSubjectRulesReview"] = Object(new() { [1] = new("namespace", ProtoFieldKind.String) }),
        ["SelfSubjectReview"] = Object([]),
        ["TokenReview"] = Object(new()
        {
            [1] = new("token", ProtoFieldKind.String),
            [2] = new("audiences", ProtoFieldKind.RepeatedString),
        }),
        ["TokenRequest"] = Object(new()
        {
            [1] = new("audiences", ProtoFieldKind.RepeatedString),
            [4] = new("expirationSeconds", ProtoFieldKind.Int64),
        }),
        ["Eviction"] = new(new() { [1] = new("metadata", ProtoFieldKind.Message, ObjectMeta) }),

        // kubectl create namespace (core/v1 Namespace: metadata=1, spec=2; NamespaceSpec.finalizers=1).
        ["Namespace"] = Object(new() { [1] = new("finalizers", ProtoFieldKind.RepeatedString) }),
    };

    private static ProtoSchema Object(Dictionary<int, ProtoField> spec) => new(new()
    {
        [1] = new("metadata", ProtoFieldKind.Message, ObjectMeta),
        [2] = new("spec", ProtoFieldKind.Message, new ProtoSchema(spec)),
    });
}
