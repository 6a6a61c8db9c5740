using System.Security.Cryptography;
using System.Text;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Kubernaut.KindFleet.Identity;

/// <summary>
/// Roots every OpenIddict endpoint under <c>/realms/{realm}</c>: with the base URI set to the realm URL, the relative
/// endpoint URIs become Keycloak's layout and the inferred issuer is <c>&lt;base&gt;/realms/{realm}</c>, as Keycloak
/// derives it from the request's host when no hostname is configured.
/// </summary>
internal sealed class ResolveRealmBaseUri(KeycloakIssuerSettings settings) : IOpenIddictServerHandler<ProcessRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessRequestContext>()
            .UseSingletonHandler<ResolveRealmBaseUri>()
            .SetOrder(OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreHandlers.ResolveRequestUri.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessRequestContext context)
    {
        if (context.BaseUri is { IsAbsoluteUri: true } host)
        {
            context.BaseUri = new Uri(host.AbsoluteUri.TrimEnd('/') + settings.RealmPath, UriKind.Absolute);
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>Authenticates the client against the realm (client_secret_basic or client_secret_post), as Keycloak answers.</summary>
internal sealed class ValidateRealmClient(KeycloakIssuerSettings settings, ILogger<ValidateRealmClient> logger) : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
            .UseSingletonHandler<ValidateRealmClient>()
            .SetOrder(int.MinValue + 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        var clientId = context.Request.ClientId;
        var client = clientId is null ? null : settings.Realm.FindClient(clientId);
        if (client is not { Enabled: true, Secret: not null } || !SecretMatches(client.Secret, context.Request.ClientSecret))
        {
            IssuerLog.ClientRefused(logger, clientId, "unknown client or wrong secret");
            context.Reject(Errors.InvalidClient, "Invalid client or Invalid client credentials");
            return ValueTask.CompletedTask;
        }

        if (!client.ServiceAccountsEnabled || client.ServiceAccount is null)
        {
            IssuerLog.ClientRefused(logger, clientId, "service accounts are not enabled");
            context.Reject(Errors.UnauthorizedClient, "Client not enabled to retrieve service account");
        }

        return ValueTask.CompletedTask;
    }

    private static bool SecretMatches(string expected, string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));
}

/// <summary>Signs in the client's service account with Keycloak's access-token claim layout.</summary>
internal sealed class IssueServiceAccountToken(KeycloakIssuerSettings settings, ILogger<IssueServiceAccountToken> logger) : IOpenIddictServerHandler<HandleTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleTokenRequestContext>()
            .UseSingletonHandler<IssueServiceAccountToken>()
            .SetOrder(int.MinValue + 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleTokenRequestContext context)
    {
        // ValidateRealmClient has already refused anything else.
        var client = settings.Realm.FindClient(context.Request.ClientId!)!;
        var (scopes, refused) = KeycloakTokenClaims.GrantScopes(client, context.Request.GetScopes());
        if (refused is not null)
        {
            context.Reject(Errors.InvalidScope, $"Invalid scopes: {refused}");
            return ValueTask.CompletedTask;
        }

        var lifetime = settings.LifetimeFor(client);
        var principal = KeycloakTokenClaims.Create(client, client.ServiceAccount!, scopes, OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        principal.SetAccessTokenLifetime(lifetime);
        IssuerLog.TokenIssued(logger, client.ClientId, settings.Realm.Name, string.Join(' ', principal.GetAudiences()), lifetime);
        context.SignIn(principal);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Adds the fields Keycloak's token response carries besides the OAuth 2.0 ones.</summary>
internal sealed class AttachKeycloakTokenResponseFields : IOpenIddictServerHandler<ApplyTokenResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
            .UseSingletonHandler<AttachKeycloakTokenResponseFields>()
            .SetOrder(int.MinValue + 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ApplyTokenResponseContext context)
    {
        if (string.IsNullOrEmpty(context.Error))
        {
            context.Response["refresh_expires_in"] = 0;
            context.Response["not-before-policy"] = 0;
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Drops OpenIddict's private presenter claim (<c>oi_prst</c>) from access tokens: Keycloak tokens carry the client
/// as <c>azp</c>/<c>client_id</c> only, and consumers should see nothing a real Keycloak would not send.
/// </summary>
internal sealed class RemovePrivatePresenterClaim : IOpenIddictServerHandler<ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .UseSingletonHandler<RemovePrivatePresenterClaim>()
            .SetOrder(OpenIddictServerHandlers.PrepareAccessTokenPrincipal.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessSignInContext context)
    {
        context.AccessTokenPrincipal?.RemoveClaims(Claims.Private.Presenter);
        return ValueTask.CompletedTask;
    }
}
