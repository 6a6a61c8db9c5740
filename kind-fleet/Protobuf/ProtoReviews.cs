namespace Kubernaut.KindFleet.Protobuf;

/// <summary>The request kinds typed clients send for authentication and authorization questions.</summary>
internal static class ProtoReviews
{
    private static readonly ProtoSchema ResourceAttributes = new(new()
    {
        [1] = ProtoField.Str("namespace"),
        [2] = ProtoField.Str("verb"),
        [3] = ProtoField.Str("group"),
        [4] = ProtoField.Str("version"),
        [5] = ProtoField.Str("resource"),
        [6] = ProtoField.Str("subresource"),
        [7] = ProtoField.Str("name"),
    });

    private static readonly ProtoSchema NonResourceAttributes = new(new()
    {
        [1] = ProtoField.Str("path"),
        [2] = ProtoField.Str("verb"),
    });

    private static readonly ProtoSchema SubjectAccessReviewSpec = new(new()
    {
        [1] = ProtoField.Msg("resourceAttributes", ResourceAttributes),
        [2] = ProtoField.Msg("nonResourceAttributes", NonResourceAttributes),
        [3] = ProtoField.Str("user"),
        [4] = ProtoField.Strings("groups"),
        [6] = ProtoField.Str("uid"),
    });

    public static readonly ProtoSchema SelfSubjectAccessReview = ProtoSchema.Object(new(new()
    {
        [1] = ProtoField.Msg("resourceAttributes", ResourceAttributes),
        [2] = ProtoField.Msg("nonResourceAttributes", NonResourceAttributes),
    }));

    public static readonly ProtoSchema SubjectAccessReview = ProtoSchema.Object(SubjectAccessReviewSpec);

    public static readonly ProtoSchema SelfSubjectRulesReview = ProtoSchema.Object(new(new() { [1] = ProtoField.Str("namespace") }));

    public static readonly ProtoSchema SelfSubjectReview = ProtoSchema.Object(new([]));

    public static readonly ProtoSchema TokenReview = ProtoSchema.Object(new(new()
    {
        [1] = ProtoField.Str("token"),
        [2] = ProtoField.Strings("audiences"),
    }));

    public static readonly ProtoSchema TokenRequest = ProtoSchema.Object(new(new()
    {
        [1] = ProtoField.Strings("audiences"),
        [4] = ProtoField.Long("expirationSeconds", keepZero: true),
    }));

    public static readonly ProtoSchema Eviction = new(new()
    {
        [1] = ProtoField.Msg("metadata", ProtoMeta.ObjectMeta),
        [2] = ProtoField.Msg("deleteOptions", ProtoMeta.DeleteOptions),
    });
}
