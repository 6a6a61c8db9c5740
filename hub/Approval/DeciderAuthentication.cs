using System.Security.Claims;
using System.Text.Json;
using Kubernaut.Hub.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Kubernaut.Hub.Approval;

/// <summary>
/// JwtBearer against the Keycloak realm, Keycloak's roles (<c>realm_access.roles</c>, <c>resource_access.{audience}.roles</c>)
/// mapped to role claims, and one policy per <see cref="HubPolicies"/> role. Without <c>Identity:Authority</c> every
/// policy admits anyone.
/// </summary>
internal static class DeciderAuthentication
{
    public const string RoleClaim = "role";

    public static IServiceCollection AddDeciderAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var identity = configuration.GetSection(IdentityOptions.Section).Get<IdentityOptions>() ?? new IdentityOptions();
        services.AddOptions<IdentityOptions>().Bind(configuration.GetSection(IdentityOptions.Section));
        var secured = !string.IsNullOrEmpty(identity.Authority);
        if (secured)
        {
            services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
            {
                o.Authority = identity.Authority;
                o.Audience = identity.Audience;
                o.RequireHttpsMetadata = identity.RequireHttpsMetadata;
                o.MapInboundClaims = false;
                o.TokenValidationParameters.NameClaimType = "preferred_username";
                o.TokenValidationParameters.RoleClaimType = RoleClaim;
                o.Events = new JwtBearerEvents { OnTokenValidated = c => MapRoles(c.Principal, identity.Audience) };
            });
        }

        services.AddAuthorization(o =>
        {
            foreach (var (policy, role) in HubPolicies.RoleOf)
            {
                o.AddPolicy(policy, p =>
                {
                    if (secured)
                    {
                        // Named explicitly: a host composing the hub may have another default scheme (the demo's issuer does).
                        p.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser().RequireRole(role);
                    }
                    else
                    {
                        p.RequireAssertion(_ => true);
                    }
                });
            }
        });
        return services;
    }

    /// <summary>The decider's name: <c>preferred_username</c> from the token, else the authenticated name, else anonymous.</summary>
    public static string Decider(ClaimsPrincipal user) =>
        user.FindFirst("preferred_username")?.Value ?? (user.Identity?.IsAuthenticated == true ? user.Identity.Name ?? "authenticated" : "anonymous");

    private static Task MapRoles(ClaimsPrincipal? principal, string audience)
    {
        if (principal?.Identity is not ClaimsIdentity id)
        {
            return Task.CompletedTask;
        }

        var roles = new HashSet<string>(StringComparer.Ordinal);
        Collect(id.FindFirst("realm_access")?.Value, r => r, roles);
        Collect(id.FindFirst("resource_access")?.Value, r => r.TryGetProperty(audience, out var client) ? client : default, roles);
        foreach (var role in roles.Where(r => !id.HasClaim(RoleClaim, r)))
        {
            id.AddClaim(new Claim(RoleClaim, role));
        }

        return Task.CompletedTask;
    }

    private static void Collect(string? json, Func<JsonElement, JsonElement> select, HashSet<string> roles)
    {
        if (string.IsNullOrEmpty(json))
        {
            return;
        }

        using var doc = JsonDocument.Parse(json);
        var holder = select(doc.RootElement);
        if (holder.ValueKind == JsonValueKind.Object && holder.TryGetProperty("roles", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            roles.UnionWith(list.EnumerateArray().Select(r => r.GetString()).OfType<string>());
        }
    }
}
