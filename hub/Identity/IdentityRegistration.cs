using Kubernaut.Keycloak;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Identity;

/// <summary>
/// The hub's identities. Outgoing: one <see cref="ITokenSource"/> per purpose (keyed services), each its own Keycloak
/// client. Incoming: Keycloak JwtBearer (<see cref="KeycloakJwtBearer"/>) for the REST, MCP and A2A fronts and the
/// <see cref="HubPolicies"/>; with <c>Identity:RequireAuthentication=false</c> the policies admit anyone.
/// </summary>
internal static class IdentityRegistration
{
    public static IServiceCollection AddHubIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(IdentityOptions.Section);
        services.AddOptions<IdentityOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IdentityOptions>, IdentityOptionsValidator>();
        services.AddHttpClient(ClientCredentialsTokenSource.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        foreach (var purpose in new[] { TokenPurpose.Investigation, TokenPurpose.Remediation })
        {
            services.AddKeyedSingleton<ITokenSource>(purpose, (sp, _) => ActivatorUtilities.CreateInstance<ClientCredentialsTokenSource>(sp, purpose));
        }

        // Authentication is set up from the configuration as it is at start: the scheme cannot change later anyway.
        var identity = section.Get<IdentityOptions>() ?? new IdentityOptions();
        if (identity.Authority is { IsAbsoluteUri: true } realm)
        {
            services.AddKeycloakJwtBearer(new KeycloakResourceServer(realm, identity.Audience, TimeProvider.System, identity.ClockSkew),
                o => o.Events = new JwtBearerEvents { OnMessageReceived = OwnCredential.SkipMarkedEndpoints });
        }
        else
        {
            services.AddAuthentication();
        }

        var authorization = services.AddAuthorizationBuilder();
        foreach (var (policy, role) in HubPolicies.RoleOf)
        {
            // RequireAuthentication=false opens reading and intake (test rigs); with a realm configured, deciding a
            // remediation is never anonymous.
            var enforced = identity.RequireAuthentication || (identity.Authority is not null && policy == HubPolicies.Approver);
            authorization.AddPolicy(policy, p =>
            {
                if (enforced && identity.Authority is not null)
                {
                    // Named explicitly: a host composing the hub may have another default scheme (the demo's issuer does).
                    p.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme)
                        .RequireAuthenticatedUser().RequireRole(role);
                }
                else if (enforced)
                {
                    p.RequireAuthenticatedUser().RequireRole(role);
                }
                else
                {
                    p.AddRequirements(new OpenAccessRequirement());
                }
            });
        }

        services.AddSingleton<IAuthorizationHandler, OpenAccessHandler>();
        return services;
    }
}

/// <summary>Authentication switched off by configuration: every caller is admitted.</summary>
internal sealed class OpenAccessRequirement : IAuthorizationRequirement;

internal sealed class OpenAccessHandler : AuthorizationHandler<OpenAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OpenAccessRequirement requirement)
    {
        context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
