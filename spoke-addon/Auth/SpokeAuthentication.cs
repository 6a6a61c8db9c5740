using Kubernaut.SpokeAddon.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Kubernaut.SpokeAddon.Auth;

/// <summary>
/// Keycloak bearer tokens for every MCP call: JwtBearer with the realm as authority (discovery + JWKS), the audience
/// checked, lifetimes measured on the addon's TimeProvider, roles flattened from realm_access/resource_access, and
/// the <see cref="InvestigatorPolicy"/> requiring the configured role.
/// </summary>
internal static class SpokeAuthentication
{
    public const string InvestigatorPolicy = "investigator";

    public static IServiceCollection AddSpokeAuthentication(this IServiceCollection services, SpokeAddonOptions options)
    {
        var issuer = options.Issuer!.AbsoluteUri.TrimEnd('/');
        services.AddSingleton<IClaimsTransformation>(new KeycloakRolesClaimsTransformation("role", RolesSource.All, options.RolesResource ?? options.Audience));
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.Authority = issuer;
            o.Audience = options.Audience;
            // Plain-http discovery is tolerated only for a realm on this machine (the dev issuer); anything else needs TLS.
            o.RequireHttpsMetadata = !options.Issuer.IsLoopback;
            o.MapInboundClaims = false;
            o.TimeProvider = options.Time;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = issuer,
                ValidateAudience = true,
                ValidAudience = options.Audience,
                NameClaimType = "preferred_username",
                RoleClaimType = "role",
                ClockSkew = options.ClockSkew,
                LifetimeValidator = TokenLifetime.Validator(options.Time, options.ClockSkew),
            };
            o.Events = new JwtBearerEvents
            {
                OnChallenge = context => AuthResponses.WriteUnauthorizedAsync(context, issuer, options.Audience),
                OnForbidden = context => AuthResponses.WriteForbiddenAsync(context, options.RequiredRole, options.RolesResource ?? options.Audience),
            };
        });
        services.AddAuthorizationBuilder().AddPolicy(InvestigatorPolicy, p => p.RequireAuthenticatedUser().RequireRole(options.RequiredRole));
        return services;
    }
}

/// <summary>Token lifetime checked on the addon's clock rather than the machine's, so tests can move time.</summary>
internal static class TokenLifetime
{
    public static LifetimeValidator Validator(TimeProvider time, TimeSpan skew) => (notBefore, expires, _, _) =>
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (expires is null)
        {
            throw new SecurityTokenNoExpirationException("the token has no expiry (exp)");
        }

        if (notBefore is { } nbf && nbf > now + skew)
        {
            throw new SecurityTokenNotYetValidException($"the token is not valid before {nbf:O}") { NotBefore = nbf };
        }

        if (expires.Value < now - skew)
        {
            throw new SecurityTokenExpiredException($"the token expired at {expires.Value:O}") { Expires = expires.Value };
        }

        return true;
    };
}
