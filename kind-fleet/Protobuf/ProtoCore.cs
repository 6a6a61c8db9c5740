namespace Kubernaut.KindFleet.Protobuf;

/// <summary>Configuration, identity, networking and RBAC kinds, as <c>kubectl create ...</c> sends them.</summary>
internal static class ProtoCore
{
    public static readonly ProtoSchema ObjectReference = new(new()
    {
        [1] = ProtoField.Str("kind"),
        [2] = ProtoField.Str("namespace"),
        [3] = ProtoField.Str("name"),
        [4] = ProtoField.Str("uid"),
        [5] = ProtoField.Str("apiVersion"),
        [6] = ProtoField.Str("resourceVersion"),
        [7] = ProtoField.Str("fieldPath"),
    });

    public static readonly ProtoSchema Namespace = ProtoSchema.Object(
        new(new() { [1] = ProtoField.Strings("finalizers") }),
        new(new() { [1] = ProtoField.Str("phase") }));

    public static readonly ProtoSchema ServiceAccount = new(new()
    {
        [1] = ProtoField.Msg("metadata", ProtoMeta.ObjectMeta),
        [2] = ProtoField.List("secrets", ObjectReference),
        [3] = ProtoField.List("imagePullSecrets", ProtoWorkloads.LocalObjectReference),
        [4] = ProtoField.Flag("automountServiceAccountToken", keepZero: true),
    });

    public static readonly ProtoSchema ConfigMap = new(new()
    {
        [1] = ProtoField.Msg("metadata", ProtoMeta.ObjectMeta),
        [2] = ProtoField.StringMap("data"),
        [3] = ProtoField.BytesMap("binaryData"),
        [4] = ProtoField.Flag("immutable", keepZero: true),
    });

    public static readonly ProtoSchema Secret = new(new()
    {
        [1] = ProtoField.Msg("metadata", ProtoMeta.ObjectMeta),
        [2] = ProtoField.BytesMap("data"),
        [3] = ProtoField.Str("type"),
        [4] = ProtoField.StringMap("stringData"),
        [5] = ProtoField.Flag("immutable", keepZero: true),
    });

    public static readonly ProtoSchema ServicePort = new(new()
    {
        [1] = ProtoField.Str("name"),
        [2] = ProtoField.Str("protocol"),
        [3] = ProtoField.Int("port"),
        [4] = ProtoField.IntOrString("targetPort"),
        [5] = ProtoField.Int("nodePort"),
        [6] = ProtoField.Str("appProtocol"),
    });

    public static readonly ProtoSchema Service = ProtoSchema.Object(new(new()
    {
        [1] = ProtoField.List("ports", ServicePort),
        [2] = ProtoField.StringMap("selector"),
        [3] = ProtoField.Str("clusterIP"),
        [4] = ProtoField.Str("type"),
        [5] = ProtoField.Strings("externalIPs"),
        [7] = ProtoField.Str("sessionAffinity"),
        [10] = ProtoField.Str("externalName"),
        [18] = ProtoField.Strings("clusterIPs"),
    }));

    public static readonly ProtoSchema PolicyRule = new(new()
    {
        [1] = ProtoField.Strings("verbs"),
        [2] = ProtoField.Strings("apiGroups"),
        [3] = ProtoField.Strings("resources"),
        [4] = ProtoField.Strings("resourceNames"),
        [5] = ProtoField.Strings("nonResourceURLs"),
    });

    public static readonly ProtoSchema Role = new(new()
    {
        [1] = ProtoField.Msg("metadata", ProtoMeta.ObjectMeta),
        [2] = ProtoField.List("rules", PolicyRule),
    });

    public static readonly ProtoSchema Subject = new(new()
    {
        [1] = ProtoField.Str("kind"),
        [2] = ProtoField.Str("apiGroup"),
        [3] = ProtoField.Str("name"),
        [4] = ProtoField.Str("namespace"),
    });

    public static readonly ProtoSchema RoleRef = new(new()
    {
        [1] = ProtoField.Str("apiGroup"),
        [2] = ProtoField.Str("kind"),
        [3] = ProtoField.Str("name"),
    });

    public static readonly ProtoSchema RoleBinding = new(new()
    {
        [1] = ProtoField.Msg("metadata", ProtoMeta.ObjectMeta),
        [2] = ProtoField.List("subjects", Subject),
        [3] = ProtoField.Msg("roleRef", RoleRef),
    });
}
