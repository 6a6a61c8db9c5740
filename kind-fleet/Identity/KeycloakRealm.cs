namespace Kubernaut.KindFleet.Identity;

/// <summary>What the issuer needs to know of a Keycloak realm: its name, token lifetime and clients.</summary>
public sealed record KeycloakRealm(string Name, TimeSpan AccessTokenLifespan, IReadOnlyDictionary<string, RealmClient> Clients)
{
    public RealmClient? FindClient(string clientId) => Clients.GetValueOrDefault(clientId);
}

/// <summary>
/// A client of the realm. Confidential clients with service accounts can use client_credentials; the service
/// account's roles become the token's <c>realm_access</c> / <c>resource_access</c>.
/// </summary>
public sealed record RealmClient(
    string ClientId,
    bool Enabled,
    string? Secret,
    bool ServiceAccountsEnabled,
    IReadOnlyList<string> Audiences,
    IReadOnlyList<string> DefaultScopes,
    IReadOnlyList<string> OptionalScopes,
    TimeSpan? AccessTokenLifespan,
    ServiceAccount? ServiceAccount);

/// <summary>The <c>service-account-&lt;clientId&gt;</c> user and its effective (composite-expanded) roles.</summary>
public sealed record ServiceAccount(
    string Id,
    string Username,
    IReadOnlyList<string> RealmRoles,
    IReadOnlyDictionary<string, IReadOnlyList<string>> ClientRoles);
