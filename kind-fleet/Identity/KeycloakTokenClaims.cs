using System.Security.Claims;
using System.Text.Json.Nodes;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Kubernaut.KindFleet.Identity;

/// <summary>
/// The claims of a Keycloak service-account access token (client_credentials), laid out as Keycloak does:
/// <c>typ: Bearer</c>, <c>azp</c>, <c>preferred_username: service-account-&lt;clientId&gt;</c>, <c>client_id</c>,
/// nested <c>realm_access.roles</c> / <c>resource_access.&lt;client&gt;.roles</c>, and <c>aud</c> from the audience
/// mappers plus every client whose roles the token carries (Keycloak's "audience resolve").
/// </summary>
internal static class KeycloakTokenClaims
{
    // Built-in client scopes that Keycloak applies but does not list in the token's "scope" claim.
    private static readonly HashSet<string> HiddenScopes = new(StringComparer.Ordinal) { "roles", "web-origins", "acr", "basic" };

    /// <summary>The scopes granted for a request, or null naming the first scope the client may not ask for.</summary>
    public static (IReadOnlyList<string> Granted, string? Refused) GrantScopes(RealmClient client, IEnumerable<string> requested)
    {
        var granted = client.DefaultScopes.Where(s => !HiddenScopes.Contains(s)).ToList();
        foreach (var scope in requested)
        {
            if (scope == Scopes.OpenId || client.OptionalScopes.Contains(scope) || client.DefaultScopes.Contains(scope))
            {
                if (!HiddenScopes.Contains(scope) && !granted.Contains(scope))
                {
                    granted.Insert(scope == Scopes.OpenId ? 0 : granted.Count, scope);
                }

                continue;
            }

            return ([], scope);
        }

        return (granted, null);
    }

    public static ClaimsPrincipal Create(RealmClient client, ServiceAccount account, IReadOnlyList<string> scopes, string authenticationType)
    {
        var identity = new ClaimsIdentity(authenticationType, Claims.PreferredUsername, "role");
        identity.SetClaim(Claims.Subject, account.Id);
        identity.SetClaim("typ", "Bearer");
        identity.SetClaim(Claims.AuthorizedParty, client.ClientId);
        identity.SetClaim(Claims.PreferredUsername, account.Username);
        identity.SetClaim(Claims.ClientId, client.ClientId);
        identity.SetClaim("realm_access", new JsonObject { ["roles"] = Array(account.RealmRoles) });

        var resourceAccess = new JsonObject();
        foreach (var (resource, roles) in account.ClientRoles.Where(r => r.Value.Count > 0))
        {
            resourceAccess[resource] = new JsonObject { ["roles"] = Array(roles) };
        }

        if (resourceAccess.Count > 0)
        {
            identity.SetClaim("resource_access", resourceAccess);
        }

        var principal = new ClaimsPrincipal(identity);
        principal.SetAudiences(client.Audiences.Concat(account.ClientRoles.Where(r => r.Value.Count > 0).Select(r => r.Key)).Distinct(StringComparer.Ordinal));
        principal.SetScopes(scopes);
        principal.SetPresenters(client.ClientId);
        principal.SetDestinations(static _ => [Destinations.AccessToken]);
        return principal;
    }

    private static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
