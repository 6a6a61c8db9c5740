using Duende.IdentityModel.Client;
using Kubernaut.KindFleet.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Kubernaut.KindFleet.Tests.Identity;

/// <summary>The hub's way in: Duende.IdentityModel discovery plus client credentials, against the fleet's realm.</summary>
public sealed class DuendeClientTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    private readonly HttpClient _http = new();

    private string Authority => new Uri(fleet.BaseAddress, "realms/kubernaut").AbsoluteUri;

    [Theory]
    [InlineData(ClientCredentialStyle.AuthorizationHeader)]
    [InlineData(ClientCredentialStyle.PostBody)]
    public async Task RequestClientCredentialsToken_AfterDiscovery_ReturnsTokenValidAgainstDiscoveredKeys(ClientCredentialStyle style)
    {
        var ct = TestContext.Current.CancellationToken;
        var disco = await _http.GetDiscoveryDocumentAsync(Authority, ct);
        Assert.False(disco.IsError, disco.Error);

        var response = await _http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = disco.TokenEndpoint,
            ClientId = "kubernaut-investigator",
            ClientSecret = "kubernaut-investigator-secret",
            ClientCredentialStyle = style,
        }, ct);
        Assert.False(response.IsError, $"{response.Error} {response.ErrorDescription}");

        var keys = disco.KeySet!.Keys.Select(k => (SecurityKey)new Microsoft.IdentityModel.Tokens.JsonWebKey(System.Text.Json.JsonSerializer.Serialize(k)));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(response.AccessToken, new TokenValidationParameters
        {
            ValidIssuer = disco.Issuer,
            ValidAudience = "kubernaut-spoke-mcp",
            IssuerSigningKeys = keys,
        });
        Assert.Equal(Authority, disco.Issuer);
        Assert.Equal("Bearer", response.TokenType);
        Assert.InRange(response.ExpiresIn, 295, 300);
        Assert.True(result.IsValid, result.Exception?.Message);
    }

    [Fact]
    public async Task RequestClientCredentialsToken_WrongSecret_IsInvalidClient()
    {
        var ct = TestContext.Current.CancellationToken;
        var disco = await _http.GetDiscoveryDocumentAsync(Authority, ct);

        var response = await _http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = disco.TokenEndpoint,
            ClientId = "kubernaut-remediator",
            ClientSecret = "kubernaut-investigator-secret",
        }, ct);

        // Keycloak answers invalid_client with 401, which Duende reports as an HTTP error carrying the OAuth body.
        Assert.True(response.IsError);
        Assert.Equal(ResponseErrorType.Http, response.ErrorType);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.HttpStatusCode);
        Assert.Equal("invalid_client", response.Json?.GetProperty("error").GetString());
    }
}
