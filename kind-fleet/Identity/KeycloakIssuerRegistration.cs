using System.Text.Json;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

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
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new InMemoryKeyRing());

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
                .Configure(o => o.TimeProvider = options.Time);
            server.AddEventHandler(ResolveRealmBaseUri.Descriptor)
                .AddEventHandler(ValidateRealmClient.Descriptor)
                .AddEventHandler(IssueServiceAccountToken.Descriptor)
                .AddEventHandler(AttachKeycloakTokenResponseFields.Descriptor);
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
