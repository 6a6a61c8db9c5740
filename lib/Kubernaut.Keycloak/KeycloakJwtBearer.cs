using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Kubernaut.Keycloak;

/// <summary>Where a resource server's tokens come from and whom they must be for.</summary>
/// <param name="Realm">The realm URL (<c>https://kc/realms/kubernaut</c>): issuer and JwtBearer authority (discovery + JWKS).</param>
/// <param name="Audience">The client id the tokens must name in <c>aud</c>.</param>
/// <param name="RolesResource">Whose <c>resource_access</c> roles count (the audience when null).</param>
public sealed record KeycloakResourceServer(Uri Realm, string Audience, TimeProvider Time, TimeSpan ClockSkew, string? RolesResource = null)
{
    /// <summary>The claim type roles are flattened into.</summary>
    public const string RoleClaim = "role";

    public string Issuer => Realm.AbsoluteUri.TrimEnd('/');
}

/// <summary>
/// JwtBearer set up the way every Kubernaut resource server validates Keycloak access tokens: the realm as authority
/// and only valid issuer, the audience checked, lifetimes on the given clock, Keycloak's nested roles flattened
/// into <see cref="KeycloakResourceServer.RoleClaim"/> claims, names from <c>preferred_username</c>.
/// </summary>
public static class KeycloakJwtBearer
{
    public static AuthenticationBuilder AddKeycloakJwtBearer(this IServiceCollection services, KeycloakResourceServer server,
        Action<JwtBearerOptions>? configure = null)
    {
        services.AddSingleton<IClaimsTransformation>(new KeycloakRolesClaimsTransformation(
            KeycloakResourceServer.RoleClaim, RolesSource.All, server.RolesResource ?? server.Audience));
        return services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.Authority = server.Issuer;
            o.Audience = server.Audience;
            // Plain-http discovery is tolerated only for a realm on this machine (a dev issuer); anything else needs TLS.
            o.RequireHttpsMetadata = !server.Realm.IsLoopback;
            o.MapInboundClaims = false;
            o.TimeProvider = server.Time;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = server.Issuer,
                ValidateAudience = true,
                ValidAudience = server.Audience,
                NameClaimType = "preferred_username",
                RoleClaimType = KeycloakResourceServer.RoleClaim,
                ClockSkew = server.ClockSkew,
                LifetimeValidator = TokenLifetime.Validator(server.Time, server.ClockSkew),
            };
            configure?.Invoke(o);
        });
    }
}
