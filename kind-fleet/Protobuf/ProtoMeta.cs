namespace Kubernaut.KindFleet.Protobuf;

/// <summary>k8s.io/apimachinery meta/v1 messages every object embeds.</summary>
internal static class ProtoMeta
{
    public static readonly ProtoSchema OwnerReference = new(new()
    {
        [1] = ProtoField.Str("kind"),
        [3] = ProtoField.Str("name"),
        [4] = ProtoField.Str("uid"),
        [5] = ProtoField.Str("apiVersion"),
        [6] = ProtoField.Flag("controller", keepZero: true),
        [7] = ProtoField.Flag("blockOwnerDeletion", keepZero: true),
    });

    public static readonly ProtoSchema ObjectMeta = new(new()
    {
        [1] = ProtoField.Str("name"),
        [2] = ProtoField.Str("generateName"),
        [3] = ProtoField.Str("namespace"),
        [5] = ProtoField.Str("uid"),
        [6] = ProtoField.Str("resourceVersion"),
        [7] = ProtoField.Long("generation"),
        [8] = ProtoField.Time("creationTimestamp"),
        [9] = ProtoField.Time("deletionTimestamp"),
        [10] = ProtoField.Long("deletionGracePeriodSeconds", keepZero: true),
        [11] = ProtoField.StringMap("labels"),
        [12] = ProtoField.StringMap("annotations"),
        [13] = ProtoField.List("ownerReferences", OwnerReference),
        [14] = ProtoField.Strings("finalizers"),
    });

    public static readonly ProtoSchema LabelSelectorRequirement = new(new()
    {
        [1] = ProtoField.Str("key"),
        [2] = ProtoField.Str("operator"),
        [3] = ProtoField.Strings("values"),
    });

    public static readonly ProtoSchema LabelSelector = new(new()
    {
        [1] = ProtoField.StringMap("matchLabels"),
        [2] = ProtoField.List("matchExpressions", LabelSelectorRequirement),
    });

    public static readonly ProtoSchema DeleteOptions = new(new()
    {
        [1] = ProtoField.Long("gracePeriodSeconds", keepZero: true),
        [3] = ProtoField.Flag("orphanDependents", keepZero: true),
        [4] = ProtoField.Str("propagationPolicy"),
        [5] = ProtoField.Strings("dryRun"),
    });
}
