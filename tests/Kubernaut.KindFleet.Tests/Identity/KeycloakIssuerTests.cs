using System.Net;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Kubernaut.KindFleet.Tests.Identity;

public sealed class KeycloakIssuerTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    private readonly HttpClient _http = new();

    private Uri Realm => new(fleet.BaseAddress, "realms/kubernaut");

    [Theory]
    [InlineData("demo-operator", "demo-operator-secret", new[] { "viewer", "investigator", "operator", "approver" }, new[] { "kubernaut-hub" })]
    [InlineData("demo-viewer", "demo-viewer-secret", new[] { "viewer" }, new[] { "kubernaut-hub", "kubernaut-spoke-mcp" })]
    [InlineData("kubernaut-investigator", "kubernaut-investigator-secret", new[] { "investigator" }, new[] { "kubernaut-spoke-mcp" })]
    [InlineData("kubernaut-remediator", "kubernaut-remediator-secret", new[] { "remediator" }, new[] { "kubernaut-awx" })]
    public async Task TokenEndpoint_ClientSecretBasic_IssuesKeycloakShapedToken(string clientId, string secret, string[] roles, string[] audiences)
    {
        var (response, body) = await IssuerClient.RequestBasicAsync(_http, Realm, clientId, secret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer", body["token_type"]!.GetValue<string>());
        Assert.InRange(body["expires_in"]!.GetValue<int>(), 295, 300);
        Assert.Equal(0, body["refresh_expires_in"]!.GetValue<int>());
        Assert.Null(body["refresh_token"]);
        var token = new JsonWebToken(body["access_token"]!.GetValue<string>());
        Assert.Equal(Realm.AbsoluteUri, token.Issuer);
        Assert.Equal("Bearer", token.GetClaim("typ").Value);
        Assert.Equal(clientId, token.GetClaim("azp").Value);
        Assert.Equal(clientId, token.GetClaim("client_id").Value);
        Assert.Equal("service-account-" + clientId, token.GetClaim("preferred_username").Value);
        Assert.False(string.IsNullOrEmpty(token.Subject));
        Assert.False(string.IsNullOrEmpty(token.Id));
        Assert.DoesNotContain(token.Claims, c => c.Type.StartsWith("oi_", StringComparison.Ordinal));
        Assert.Equal(TimeSpan.FromMinutes(5), token.ValidTo - token.IssuedAt);
        Assert.Equal(audiences.Order(), token.Audiences.Order());
        var realmRoles = RolesOf(JsonNode.Parse(token.GetClaim("realm_access").Value)!);
        foreach (var role in roles)
        {
            Assert.Contains(role, realmRoles);
        }

        // The realm's default roles are composites, expanded into the token as Keycloak does.
        Assert.Contains("default-roles-kubernaut", realmRoles);
        Assert.Contains("offline_access", realmRoles);
        Assert.DoesNotContain(clientId == "kubernaut-remediator" ? "investigator" : "remediator", realmRoles);
    }

    [Fact]
    public async Task TokenEndpoint_ClientSecretPost_IssuesTokenWithResourceAccessAndScope()
    {
        var (response, body) = await IssuerClient.RequestPostAsync(_http, Realm, "kubernaut-investigator", "kubernaut-investigator-secret", scope: "openid");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = new JsonWebToken(body["access_token"]!.GetValue<string>());
        var resourceAccess = JsonNode.Parse(token.GetClaim("resource_access").Value)!;
        Assert.Equal(["investigator"], RolesOf(resourceAccess["kubernaut-spoke-mcp"]!));
        Assert.Equal("openid profile email", token.GetClaim("scope").Value);
        Assert.Equal("openid profile email", body["scope"]!.GetValue<string>());
    }

    [Fact]
    public async Task TokenEndpoint_WrongSecret_Returns401InvalidClient()
    {
        var (basic, basicBody) = await IssuerClient.RequestBasicAsync(_http, Realm, "kubernaut-investigator", "not-the-secret");
        var (post, postBody) = await IssuerClient.RequestPostAsync(_http, Realm, "no-such-client", "whatever");

        Assert.Equal(HttpStatusCode.Unauthorized, basic.StatusCode);
        Assert.Equal("invalid_client", basicBody["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal("invalid_client", postBody["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task TokenEndpoint_ResourceServerClient_IsRefused()
    {
        // kubernaut-spoke-mcp is an audience, not a login: it has no secret and no service account.
        var (response, body) = await IssuerClient.RequestBasicAsync(_http, Realm, "kubernaut-spoke-mcp", "");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", body["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task TokenEndpoint_UnknownScope_ReturnsInvalidScope()
    {
        var (response, body) = await IssuerClient.RequestBasicAsync(_http, Realm, "demo-viewer", "demo-viewer-secret", scope: "admin");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_scope", body["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task DiscoveryAndJwks_ValidateIssuedToken_WithMicrosoftIdentityModel()
    {
        var ct = TestContext.Current.CancellationToken;
        var discovery = JsonNode.Parse(await _http.GetStringAsync(new Uri(Realm.AbsoluteUri + "/.well-known/openid-configuration"), ct))!;
        var jwks = new JsonWebKeySet(await _http.GetStringAsync(discovery["jwks_uri"]!.GetValue<string>(), ct));
        var token = await IssuerClient.TokenAsync(_http, Realm, "kubernaut-investigator", "kubernaut-investigator-secret");

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = discovery["issuer"]!.GetValue<string>(),
            ValidAudience = "kubernaut-spoke-mcp",
            IssuerSigningKeys = jwks.GetSigningKeys(),
        });

        Assert.Equal(Realm.AbsoluteUri, discovery["issuer"]!.GetValue<string>());
        Assert.Equal(Realm.AbsoluteUri + "/protocol/openid-connect/token", discovery["token_endpoint"]!.GetValue<string>());
        Assert.Equal(Realm.AbsoluteUri + "/protocol/openid-connect/certs", discovery["jwks_uri"]!.GetValue<string>());
        Assert.Contains("client_credentials", discovery["grant_types_supported"]!.AsArray().Select(g => g!.GetValue<string>()));
        Assert.Equal(["client_secret_basic", "client_secret_post"], discovery["token_endpoint_auth_methods_supported"]!.AsArray().Select(g => g!.GetValue<string>()).Order());
        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal("RS256", ((JsonWebToken)result.SecurityToken).Alg);
    }

    [Fact]
    public async Task RealmPaths_OutsideTheRealm_AreNotServed()
    {
        var ct = TestContext.Current.CancellationToken;
        var otherRealm = await _http.GetAsync(new Uri(fleet.BaseAddress, "realms/master/.well-known/openid-configuration"), ct);
        var rootToken = await _http.PostAsync(new Uri(fleet.BaseAddress, "protocol/openid-connect/token"), new FormUrlEncodedContent([]), ct);

        Assert.Equal(HttpStatusCode.NotFound, otherRealm.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, rootToken.StatusCode);
    }

    private static string[] RolesOf(JsonNode access) => access["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ToArray();
}
