using System.Text;
using System.Text.Json;
using Kubernaut.Hub.Identity;
using Kubernaut.KindFleet.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Kubernaut.Hub.Tests.Identity;

/// <summary>The hub's outgoing tokens against the dev Keycloak realm: two clients, cached until shortly before expiry, clear errors.</summary>
public sealed class TokenSourceTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private KeycloakIssuerHost _issuer = null!;
    private ServiceProvider _services = null!;

    public async ValueTask InitializeAsync()
    {
        _issuer = await KeycloakIssuerHost.StartAsync(o =>
        {
            o.Time = _time;
            o.AccessTokenLifetime = TimeSpan.FromMinutes(5);
        }, cancellationToken: TestContext.Current.CancellationToken);
        _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
    }

    private ClientCredentialsTokenSource Source(string purpose, string? investigationSecret = "kubernaut-investigator-secret") =>
        new(purpose, _services.GetRequiredService<IHttpClientFactory>(), Options.Create(new IdentityOptions
        {
            Authority = _issuer.RealmUri,
            Investigation = new ClientCredentials { ClientId = "kubernaut-investigator", ClientSecret = investigationSecret },
            Remediation = new ClientCredentials { ClientId = "kubernaut-remediator", ClientSecret = "kubernaut-remediator-secret" },
        }), _time, NullLogger<ClientCredentialsTokenSource>.Instance);

    [Fact]
    public async Task GetToken_Twice_SecondComesFromTheCacheEvenWithTheIssuerDown()
    {
        var source = Source(TokenPurpose.Investigation);
        var first = await source.GetTokenAsync(TestContext.Current.CancellationToken);
        _issuer.Availability.TakeDown();
        var second = await source.GetTokenAsync(TestContext.Current.CancellationToken);

        Assert.Equal(first.Value, second.Value);
        // expires_in is whole seconds, so the expiry may land a second early.
        Assert.InRange(first.ExpiresAt, _time.GetUtcNow().AddMinutes(5).AddSeconds(-2), _time.GetUtcNow().AddMinutes(5));
    }

    [Fact]
    public async Task GetToken_WithinRenewalMarginOfExpiry_FetchesANewOne()
    {
        var source = Source(TokenPurpose.Investigation);
        var first = await source.GetTokenAsync(TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(first.Value, (await source.GetTokenAsync(TestContext.Current.CancellationToken)).Value);

        _time.Advance(TimeSpan.FromSeconds(31));
        var renewed = await source.GetTokenAsync(TestContext.Current.CancellationToken);

        Assert.NotEqual(first.Value, renewed.Value);
        Assert.True(renewed.ExpiresAt > first.ExpiresAt);
    }

    [Fact]
    public async Task GetToken_IssuerAnswers503OrIsGone_IssuerUnavailable()
    {
        _issuer.Availability.TakeDown();
        var down = await Assert.ThrowsAsync<IssuerUnavailableException>(() => Source(TokenPurpose.Investigation).GetTokenAsync(TestContext.Current.CancellationToken));
        Assert.Contains("503", down.Reason);

        var realm = _issuer.RealmUri;
        await _issuer.DisposeAsync();
        var source = new ClientCredentialsTokenSource(TokenPurpose.Investigation, _services.GetRequiredService<IHttpClientFactory>(),
            Options.Create(new IdentityOptions { Authority = realm }), _time, NullLogger<ClientCredentialsTokenSource>.Instance);
        var gone = await Assert.ThrowsAsync<IssuerUnavailableException>(() => source.GetTokenAsync(TestContext.Current.CancellationToken));
        Assert.Contains(realm.AbsoluteUri, gone.Message);
        _issuer = await KeycloakIssuerHost.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task GetToken_WrongSecret_RejectedNotUnavailable()
    {
        var error = await Assert.ThrowsAsync<TokenRequestRejectedException>(() =>
            Source(TokenPurpose.Investigation, "not-the-secret").GetTokenAsync(TestContext.Current.CancellationToken));
        Assert.Contains("kubernaut-investigator", error.Message);
        Assert.Matches("kubernaut-investigator: \\S+", error.Message);
    }

    [Fact]
    public async Task GetToken_EachPurpose_ItsOwnClientAudienceAndRoles()
    {
        var investigation = Claims((await Source(TokenPurpose.Investigation).GetTokenAsync(TestContext.Current.CancellationToken)).Value);
        var remediation = Claims((await Source(TokenPurpose.Remediation).GetTokenAsync(TestContext.Current.CancellationToken)).Value);

        Assert.Equal("kubernaut-investigator", investigation.GetProperty("azp").GetString());
        Assert.Contains("kubernaut-spoke-mcp", investigation.GetProperty("aud").ToString());
        Assert.DoesNotContain("remediator", investigation.GetProperty("realm_access").ToString());
        Assert.Equal("kubernaut-remediator", remediation.GetProperty("azp").GetString());
        Assert.Contains("kubernaut-awx", remediation.GetProperty("aud").ToString());
        Assert.DoesNotContain("investigator", remediation.GetProperty("realm_access").ToString());
    }

    [Fact]
    public void AccessToken_ToString_NeverShowsTheToken()
    {
        var token = new AccessToken("eyJ.secret.value", DateTimeOffset.UnixEpoch);
        Assert.DoesNotContain("secret", token.ToString());
    }

    private static JsonElement Claims(string jwt)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload))).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _issuer.DisposeAsync();
    }
}
