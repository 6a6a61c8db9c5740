using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;

namespace Kubernaut.Keycloak;

/// <summary>Which of Keycloak's nested role claims become flat role claims (Keycloak.AuthServices' RolesClaimTransformationSource).</summary>
[Flags]
public enum RolesSource
{
    None = 0,
    Realm = 1,
    ResourceAccess = 2,
    All = Realm | ResourceAccess,
}

/// <summary>
/// Flattens Keycloak's <c>realm_access.roles</c> and <c>resource_access.&lt;resource&gt;.roles</c> into one
/// <paramref name="roleClaimType"/> claim per role, as Keycloak.AuthServices' KeycloakRolesClaimsTransformation does:
/// JwtBearer hands nested claims over as one claim whose value is JSON text, and RoleClaimType alone cannot see into it.
/// </summary>
public sealed class KeycloakRolesClaimsTransformation(string roleClaimType, RolesSource source, string? resource) : IClaimsTransformation
{
    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity is not ClaimsIdentity { IsAuthenticated: true } identity)
        {
            return Task.FromResult(principal);
        }

        var roles = new List<string>();
        if (source.HasFlag(RolesSource.Realm))
        {
            roles.AddRange(RolesAt(identity.FindFirst("realm_access")?.Value, null));
        }

        if (source.HasFlag(RolesSource.ResourceAccess) && resource is not null)
        {
            roles.AddRange(RolesAt(identity.FindFirst("resource_access")?.Value, resource));
        }

        // Authentication may run more than once per request; adding a role twice would be harmless but untidy.
        foreach (var role in roles.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (!identity.HasClaim(c => c.Type == roleClaimType && string.Equals(c.Value, role, StringComparison.OrdinalIgnoreCase)))
            {
                identity.AddClaim(new Claim(roleClaimType, role, ClaimValueTypes.String, identity.FindFirst("iss")?.Value ?? ClaimsIdentity.DefaultIssuer));
            }
        }

        return Task.FromResult(principal);
    }

    private static IEnumerable<string> RolesAt(string? json, string? client)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var holder = document.RootElement;
            if (client is not null && (holder.ValueKind != JsonValueKind.Object || !holder.TryGetProperty(client, out holder)))
            {
                return [];
            }

            return holder.ValueKind == JsonValueKind.Object && holder.TryGetProperty("roles", out var roles) && roles.ValueKind == JsonValueKind.Array
                ? roles.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!).ToList()
                : [];
        }
        catch (JsonException)
        {
            // A malformed claim grants nothing.
            return [];
        }
    }
}
