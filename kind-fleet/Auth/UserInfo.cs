namespace Kubernaut.KindFleet.Auth;

/// <summary>An authenticated caller, as the apiserver's authenticators produce it.</summary>
internal sealed record UserInfo(string Name, IReadOnlyList<string> Groups, string Uid = "")
{
    public const string Masters = "system:masters";

    public bool IsMaster => Groups.Contains(Masters);

    public static UserInfo Admin { get; } = new("kubernetes-admin", [Masters, "system:authenticated"]);

    public static UserInfo ServiceAccount(string ns, string name, string uid) =>
        new($"system:serviceaccount:{ns}:{name}", ["system:serviceaccounts", $"system:serviceaccounts:{ns}", "system:authenticated"], uid);

    /// <summary>Parses <c>system:serviceaccount:ns:name</c>.</summary>
    public (string Namespace, string Name)? ServiceAccountRef =>
        Name.Split(':') is ["system", "serviceaccount", var ns, var sa] ? (ns, sa) : null;
}
