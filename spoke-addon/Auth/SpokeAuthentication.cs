using Kubernaut.Keycloak;
using Kubernaut.SpokeAddon.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Kubernaut.SpokeAddon.Auth;

/// <summary>
/// Keycloak bearer tokens for every MCP call (<see cref="KeycloakJwtBearer"/>: realm as authority, audience checked,
/// lifetimes on the addon's TimeProvider, roles flattened from realm_access/resource_access), refusals that say what
/// to fix, and the <see cref="InvestigatorPolicy"/> requiring the configured role.
/// </summary>
internal static class SpokeAuthentication
{
    public const string InvestigatorPolicy = "investigator";

    public static IServiceCollection AddSpokeAuthentication(this IServiceCollection services, SpokeAddonOptions options)
    {
        var server = new KeycloakResourceServer(options.Issuer!, options.Audience, options.Time, options.ClockSkew, options.RolesResource);
        services.AddKeycloakJwtBearer(server, o => o.Events = new JwtBearerEvents
        {
            OnChallenge = context => AuthResponses.WriteUnauthorizedAsync(context, server.Issuer, options.Audience),
            OnForbidden = context => AuthResponses.WriteForbiddenAsync(context, options.RequiredRole, options.RolesResource ?? options.Audience),
        });
        services.AddAuthorizationBuilder().AddPolicy(InvestigatorPolicy, p => p.RequireAuthenticatedUser().RequireRole(options.RequiredRole));
        return services;
    }
}
