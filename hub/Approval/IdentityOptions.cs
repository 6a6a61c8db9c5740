namespace Kubernaut.Hub.Approval;

/// <summary>
/// Who may call the hub's REST API (section <c>Identity</c>): Keycloak JWTs from this realm and audience. Unset
/// leaves decisions open to anyone (development only; the decider is then recorded as anonymous).
/// </summary>
internal sealed class IdentityOptions
{
    public const string Section = "Identity";

    /// <summary>The realm URL, e.g. <c>https://keycloak.example.com/realms/kubernaut</c>.</summary>
    public string? Authority { get; set; }

    public string Audience { get; set; } = "kubernaut-hub";

    public bool RequireHttpsMetadata { get; set; } = true;
}
