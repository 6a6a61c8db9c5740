using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Kubernaut.KindFleet.Identity;
using Kubernaut.SpokeAddon.Hosting;
using Kubernaut.SpokeAddon.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Kubernaut.SpokeAddon.Tests;

/// <summary>
/// Who may call a spoke's MCP tools, asked through cluster-proxy exactly as the hub asks: only a token of the
/// configured realm, for the spoke audience, carrying the investigator role. Everything else is refused with a
/// status and a WWW-Authenticate description that says what is wrong.
/// </summary>
public sealed class SpokeMcpAuthMatrixTests(SpokeFleetFixture fleet) : IClassFixture<SpokeFleetFixture>
{
    private const string Spoke = "prod-us-east";
    private readonly HttpClient _http = new();

    [Fact]
    public async Task Initialize_InvestigationToken_IsAccepted()
    {
        var token = await fleet.TokenAsync("kubernaut-investigator");

        var (status, _, _) = await InitializeAsync(Spoke, token);
        await using var client = await fleet.ConnectAsync(Spoke, token);
        var tools = await client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(tools, t => t.Name == "list_events");
    }

    [Fact]
    public async Task Initialize_NoToken_Is401SayingWhatToSend()
    {
        var (status, challenge, body) = await InitializeAsync(Spoke, token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.StartsWith("Bearer", challenge);
        Assert.DoesNotContain("error=", challenge);
        Assert.Contains("no bearer token", challenge);
        Assert.Contains(fleet.Realm.AbsoluteUri, challenge);
        Assert.Contains("no bearer token", body);
    }

    [Fact]
    public async Task Initialize_MalformedToken_Is401InvalidToken()
    {
        var (status, challenge, _) = await InitializeAsync(Spoke, "not-a-jwt");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("error=\"invalid_token\"", challenge);
        Assert.Contains("malformed", challenge);
    }

    [Fact]
    public async Task Initialize_ExpiredToken_Is401Expired()
    {
        // An addon whose clock the test owns: the same token is accepted, then refused once its lifetime has passed.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await fleet.StartAddonAsync(Spoke, "kubernaut-spoke-mcp-clock", new SpokeAddonOptions { Issuer = fleet.Realm, Time = clock });
        var token = await fleet.TokenAsync("kubernaut-investigator");

        var (fresh, _, _) = await InitializeAsync(Spoke, token, "kubernaut-spoke-mcp-clock");
        clock.Advance(TimeSpan.FromMinutes(6));
        var (expired, challenge, _) = await InitializeAsync(Spoke, token, "kubernaut-spoke-mcp-clock");

        Assert.Equal(HttpStatusCode.OK, fresh);
        Assert.Equal(HttpStatusCode.Unauthorized, expired);
        Assert.Contains("error=\"invalid_token\"", challenge);
        Assert.Contains("the token expired at", challenge);
    }

    [Fact]
    public async Task Initialize_TokenOfAnotherIssuer_Is401()
    {
        // Same realm name and clients, another server: other keys, other issuer URL.
        await using var impostor = await KeycloakIssuerHost.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var token = await fleet.TokenAsync("kubernaut-investigator", impostor.RealmUri);

        var (status, challenge, _) = await InitializeAsync(Spoke, token);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("error=\"invalid_token\"", challenge);
        Assert.Matches("issued by another realm or server|was not issued by", challenge);
    }

    [Fact]
    public async Task Initialize_TokenForAnotherAudience_Is401EvenWithTheRole()
    {
        // demo-operator holds the investigator role, but its tokens are for the hub's API, not for spokes.
        var token = await fleet.TokenAsync("demo-operator");

        var (status, challenge, _) = await InitializeAsync(Spoke, token);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("error=\"invalid_token\"", challenge);
        Assert.Contains("audience (aud) must include kubernaut-spoke-mcp", challenge);
    }

    [Fact]
    public async Task Initialize_TokenWithoutInvestigatorRole_Is403()
    {
        var token = await fleet.TokenAsync("demo-viewer");

        var (status, challenge, body) = await InitializeAsync(Spoke, token);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("error=\"insufficient_scope\"", challenge);
        Assert.Contains("service-account-demo-viewer lacks the role investigator", challenge);
        Assert.Contains("insufficient_scope", body);
    }

    [Fact]
    public async Task Initialize_RemediationToken_IsRefused()
    {
        var token = await fleet.TokenAsync("kubernaut-remediator");

        var (status, challenge, _) = await InitializeAsync(Spoke, token);
        var connect = await Record.ExceptionAsync(() => fleet.ConnectAsync(Spoke, token));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("audience (aud) must include kubernaut-spoke-mcp", challenge);
        Assert.NotNull(connect);
    }

    /// <summary>A raw MCP initialize POST through cluster-proxy: status, WWW-Authenticate and body as the hub would see them.</summary>
    private async Task<(HttpStatusCode Status, string Challenge, string Body)> InitializeAsync(string cluster, string? token, string service = AddonRbac.ServiceAccount)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, fleet.McpUrl(cluster, service))
        {
            Content = new StringContent(
                """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"auth-matrix","version":"1"}}}""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        var challenge = string.Join(", ", response.Headers.WwwAuthenticate.Select(h => h.ToString()));
        return (response.StatusCode, challenge, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
