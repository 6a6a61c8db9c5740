using System.Text.Json;
using Kubernaut.Keycloak;
using OpenIddict.Abstractions;

namespace Kubernaut.KindFleet.Identity;

/// <summary>
/// Wires the dev Keycloak-compatible issuer (OpenIddict server, degraded mode: the realm export is the client store)
/// into a web app: <c>services.AddKeycloakIssuer()</c> then <c>app.UseKeycloakIssuer()</c>.
/// </summary>
public static class KeycloakIssuerRegistration
{
    public static IServiceCollection AddKeycloakIssuer(this IServiceCollection services, Action<KeycloakIssuerOptions>? configure = null)
    {
        var options = new KeycloakIssuerOptions();
        configure?.Invoke(options);
        var settings = new KeycloakIssuerSettings(options.Realm ?? RealmExportReader.LoadEmbeddedKubernautRealm(), options);
        services.AddSingleton(settings);
        services.AddSingleton(options.Availability);
        services.AddEphemeralDataProtectionKeys();

        services.AddOpenIddict().AddServer(server =>
        {
            // Relative to the realm URL that ResolveRealmBaseUri installs as the base URI of every request.
            server.SetConfigurationEndpointUris(".well-known/openid-configuration")
                .SetTokenEndpointUris("protocol/openid-connect/token")
                .SetJsonWebKeySetEndpointUris("protocol/openid-connect/certs")
                .AllowClientCredentialsFlow()
                .EnableDegradedMode()
                .DisableScopeValidation()
                .DisableAccessTokenEncryption()
                .AddEphemeralSigningKey()
                .AddEphemeralEncryptionKey()
                .SetAccessTokenLifetime(settings.Realm.AccessTokenLifespan)
                .RegisterScopes("openid", "profile", "email", "roles", "offline_access")
                .RegisterClaims("iss", "sub", "aud", "exp", "iat", "jti", "typ", "azp", "scope", "client_id", "preferred_username", "realm_access", "resource_access")
                .Configure(o =>
                {
                    o.TimeProvider = options.Time;
                    // Keycloak clients authenticate here with a secret only (basic or post).
                    o.ClientAuthenticationMethods.Remove(OpenIddictConstants.ClientAuthenticationMethods.PrivateKeyJwt);
                });
            server.AddEventHandler(ResolveRealmBaseUri.Descriptor)
                .AddEventHandler(ValidateRealmClient.Descriptor)
                .AddEventHandler(IssueServiceAccountToken.Descriptor)
                .AddEventHandler(AttachKeycloakTokenResponseFields.Descriptor)
                .AddEventHandler(RemovePrivatePresenterClaim.Descriptor);
            server.UseAspNetCore().DisableTransportSecurityRequirement();
        });
        return services;
    }

    /// <summary>The availability switch, then the authentication middleware through which OpenIddict serves its endpoints.</summary>
    public static IApplicationBuilder UseKeycloakIssuer(this IApplicationBuilder app)
    {
        var settings = app.ApplicationServices.GetRequiredService<KeycloakIssuerSettings>();
        var availability = app.ApplicationServices.GetRequiredService<IssuerAvailability>();
        app.Use(async (context, next) =>
        {
            if (!availability.IsAvailable && context.Request.Path.StartsWithSegments(settings.RealmPath, StringComparison.Ordinal))
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "1";
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(JsonSerializer.Serialize(new
                {
                    error = "temporarily_unavailable",
                    error_description = $"realm {settings.Realm.Name} is unavailable",
                }), context.RequestAborted);
                return;
            }

            await next(context);
        });
        app.UseAuthentication();
        return app;
    }
}
