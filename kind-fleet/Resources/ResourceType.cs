namespace Kubernaut.KindFleet.Resources;

/// <summary>One served resource of one group/version, as discovery advertises it.</summary>
internal sealed record ResourceType(
    string Group,
    string Version,
    string Kind,
    string Plural,
    bool Namespaced,
    IReadOnlyList<string> ShortNames,
    IReadOnlyList<string> Subresources,
    IReadOnlyList<PrinterColumn> Columns)
{
    public static readonly IReadOnlyList<string> AllVerbs =
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string Singular => Kind.ToLowerInvariant();

    public string ListKind => Kind + "List";

    /// <summary>Storage is shared by every served version of one group and plural.</summary>
    public GroupResource GroupResource => new(Group, Plural);

    public bool HasStatus => Subresources.Contains("status");

    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Verbs for the main resource; virtual resources (reviews, evictions) only accept create.</summary>
    public IReadOnlyList<string> Verbs { get; init; } = AllVerbs;
}

internal readonly record struct GroupResource(string Group, string Resource)
{
    public override string ToString() => Group.Length == 0 ? Resource : $"{Resource}.{Group}";
}

/// <summary>A column for <c>kubectl get</c>; <paramref name="JsonPath"/> uses the CRD additionalPrinterColumns form.</summary>
internal sealed record PrinterColumn(string Name, string Type, string JsonPath, int Priority = 0, string Description = "");
