namespace Kubernaut.Hub.Execution;

/// <summary>
/// The remediation-only access token (Keycloak client <c>kubernaut-remediator</c>: audience kubernaut-awx, role
/// remediator), used for nothing but dispatching workflows. Implementations cache it until shortly before expiry.
/// </summary>
internal interface IRemediationTokenSource
{
    Task<string> GetTokenAsync(CancellationToken ct);
}
