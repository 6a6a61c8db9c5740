using System.Net;
using Duende.IdentityModel.Client;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Identity;

/// <summary>
/// OAuth client credentials against the Keycloak realm (Duende.IdentityModel: discovery for the token endpoint, then
/// the token request) for one purpose's client. The token is kept until <see cref="IdentityOptions.RenewBeforeExpiry"/>
/// before it expires, measured on the hub's TimeProvider; concurrent callers share one request.
/// </summary>
internal sealed partial class ClientCredentialsTokenSource(
    string purpose, IHttpClientFactory http, IOptions<IdentityOptions> options, TimeProvider time, ILogger<ClientCredentialsTokenSource> logger) : ITokenSource
{
    public const string HttpClientName = "keycloak";

    private static readonly TimeSpan DiscoveryLifetime = TimeSpan.FromHours(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AccessToken? _cached;
    private (string Endpoint, DateTimeOffset Until)? _tokenEndpoint;

    public string Purpose { get; } = purpose;

    public async Task<AccessToken> GetTokenAsync(CancellationToken ct)
    {
        if (Fresh(_cached) is { } token)
        {
            return token;
        }

        await _gate.WaitAsync(ct);
        try
        {
            if (Fresh(_cached) is { } raced)
            {
                return raced;
            }

            _cached = await RequestAsync(ct);
            return _cached;
        }
        finally
        {
            _gate.Release();
        }
    }

    private AccessToken? Fresh(AccessToken? token) =>
        token is not null && token.ExpiresAt - options.Value.RenewBeforeExpiry > time.GetUtcNow() ? token : null;

    private async Task<AccessToken> RequestAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var authority = settings.Authority ?? throw new InvalidOperationException("Identity:Authority is not configured: the hub cannot obtain tokens");
        var client = settings.For(Purpose);
        using var httpClient = http.CreateClient(HttpClientName);
        var endpoint = await TokenEndpointAsync(httpClient, authority, ct);
        TokenResponse response;
        try
        {
            response = await httpClient.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
            {
                Address = endpoint,
                ClientId = client.ClientId,
                ClientSecret = client.ReadSecret(),
                Scope = client.Scope,
            }, ct);
        }
        catch (HttpRequestException e)
        {
            _tokenEndpoint = null;
            throw Unavailable(authority, e.Message, e);
        }

        if (response.IsError)
        {
            if (response.ErrorType == ResponseErrorType.Exception || (int)response.HttpStatusCode >= 500 || response.HttpStatusCode == HttpStatusCode.TooManyRequests)
            {
                _tokenEndpoint = null;
                throw Unavailable(authority, response.ErrorType == ResponseErrorType.Exception ? response.Error ?? "request failed" : $"token endpoint answered {(int)response.HttpStatusCode}");
            }

            Log.Rejected(logger, client.ClientId, response.Error ?? "", response.ErrorDescription ?? "");
            throw new TokenRequestRejectedException(client.ClientId, $"{response.Error} {response.ErrorDescription}".Trim());
        }

        var expires = time.GetUtcNow() + TimeSpan.FromSeconds(response.ExpiresIn > 0 ? response.ExpiresIn : 60);
        Log.Obtained(logger, Purpose, client.ClientId, expires);
        return new AccessToken(response.AccessToken!, expires);
    }

    private async Task<string> TokenEndpointAsync(HttpClient httpClient, Uri authority, CancellationToken ct)
    {
        if (_tokenEndpoint is { } known && known.Until > time.GetUtcNow())
        {
            return known.Endpoint;
        }

        DiscoveryDocumentResponse disco;
        try
        {
            disco = await httpClient.GetDiscoveryDocumentAsync(new DiscoveryDocumentRequest
            {
                Address = authority.AbsoluteUri.TrimEnd('/'),
                Policy = new DiscoveryPolicy { RequireHttps = !authority.IsLoopback },
            }, ct);
        }
        catch (HttpRequestException e)
        {
            throw Unavailable(authority, e.Message, e);
        }

        if (disco.IsError || disco.TokenEndpoint is null)
        {
            // A policy violation (wrong issuer, http) is a configuration mistake; anything else is the issuer being down.
            if (disco.ErrorType == ResponseErrorType.PolicyViolation)
            {
                throw new InvalidOperationException($"Keycloak discovery at {authority} violates policy: {disco.Error}");
            }

            throw Unavailable(authority, disco.ErrorType == ResponseErrorType.Http
                ? $"discovery answered {(int)disco.HttpStatusCode} {disco.HttpStatusCode}"
                : disco.Error ?? "discovery failed");
        }

        _tokenEndpoint = (disco.TokenEndpoint, time.GetUtcNow() + DiscoveryLifetime);
        return disco.TokenEndpoint;
    }

    private IssuerUnavailableException Unavailable(Uri authority, string reason, Exception? inner = null)
    {
        Log.Unavailable(logger, authority.AbsoluteUri, reason);
        return new IssuerUnavailableException(authority.AbsoluteUri, reason, inner);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "Obtained a {Purpose} token for client {ClientId}, valid until {Expires:O}")]
        public static partial void Obtained(ILogger logger, string purpose, string clientId, DateTimeOffset expires);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Keycloak {Authority} is unavailable: {Reason}")]
        public static partial void Unavailable(ILogger logger, string authority, string reason);

        [LoggerMessage(Level = LogLevel.Error, Message = "Keycloak refused client {ClientId}: {Error} {Description}")]
        public static partial void Rejected(ILogger logger, string clientId, string error, string description);
    }
}
