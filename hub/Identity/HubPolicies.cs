namespace Kubernaut.Hub.Identity;

/// <summary>
/// The hub's authorization policies, one per Keycloak role (realm_access / resource_access roles mapped to
/// <c>role</c> claims). Reading, investigating, operating and approving are different rights.
/// </summary>
internal static class HubPolicies
{
    public const string Viewer = "kubernaut:viewer";
    public const string Investigator = "kubernaut:investigator";
    public const string Operator = "kubernaut:operator";
    public const string Approver = "kubernaut:approver";

    /// <summary>The role each policy requires (Keycloak role names, as in ocm-manifests/keycloak/kubernaut-realm.json).</summary>
    public static readonly IReadOnlyDictionary<string, string> RoleOf = new Dictionary<string, string>
    {
        [Viewer] = "viewer",
        [Investigator] = "investigator",
        [Operator] = "operator",
        [Approver] = "approver",
    };
}
