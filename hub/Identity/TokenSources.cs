namespace Kubernaut.Hub.Identity;

/// <summary>What a token is for; each purpose is a separate Keycloak client with its own rights.</summary>
internal static class TokenPurpose
{
    public const string Investigation = "investigation";
    public const string Remediation = "remediation";
}

/// <summary>
/// An access token for one purpose, valid for at least a short while. Resolve it keyed by purpose:
/// <c>[FromKeyedServices(TokenPurpose.Remediation)] ITokenSource</c>.
/// </summary>
internal interface ITokenSource
{
    string Purpose { get; }

    /// <summary>A cached token while it has life left, else a fresh one.</summary>
    /// <exception cref="IssuerUnavailableException">Keycloak cannot be reached or answers 5xx: retry later.</exception>
    /// <exception cref="TokenRequestRejectedException">Keycloak refused the client (bad secret, disabled client): a configuration problem.</exception>
    Task<AccessToken> GetTokenAsync(CancellationToken ct);
}

/// <summary>A bearer token and when it expires. <see cref="ToString"/> never shows the token.</summary>
internal sealed record AccessToken(string Value, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"AccessToken(expires {ExpiresAt:O})";
}

/// <summary>Keycloak could not be asked (connection refused, timeout, 5xx): nothing is wrong with the request, try again later.</summary>
internal sealed class IssuerUnavailableException(string issuer, string reason, Exception? inner = null)
    : Exception($"Keycloak ({issuer}) is unavailable: {reason}", inner)
{
    public string Issuer { get; } = issuer;

    public string Reason { get; } = reason;
}

/// <summary>Keycloak answered but refused to issue a token (invalid_client, unauthorized_client, …).</summary>
internal sealed class TokenRequestRejectedException(string clientId, string error)
    : Exception($"Keycloak refused a token for client {clientId}: {error}")
{
    public string ClientId { get; } = clientId;
}
