namespace Kubernaut.Hub.Execution;

/// <summary>
/// Where the remediation token comes from (section <c>Execution:RemediationToken</c>): a Keycloak realm's token
/// endpoint and the remediation client. Kept apart from the investigation client: neither token can do the other's job.
/// </summary>
internal sealed class RemediationTokenOptions
{
    public const string Section = "Execution:RemediationToken";

    /// <summary>The realm URL, e.g. <c>https://keycloak.example.com/realms/kubernaut</c>.</summary>
    public string? Authority { get; set; }

    public string ClientId { get; set; } = "kubernaut-remediator";

    public string? ClientSecret { get; set; }

    /// <summary>A token is renewed this long before it expires.</summary>
    public TimeSpan RefreshBefore { get; set; } = TimeSpan.FromSeconds(30);
}
