using System.Net;
using Kubernaut.KindFleet.Identity;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Kubernaut.KindFleet.Tests.Identity;

public sealed class KeycloakIssuerHostTests
{
    private readonly HttpClient _http = new();

    [Fact]
    public async Task Availability_TakenDown_Answers503UntilBroughtBack()
    {
        await using var issuer = await KeycloakIssuerHost.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        issuer.Availability.TakeDown();
        var (down, body) = await IssuerClient.RequestBasicAsync(_http, issuer.RealmUri, "demo-viewer", "demo-viewer-secret");
        issuer.Availability.BringUp();
        var (up, _) = await IssuerClient.RequestBasicAsync(_http, issuer.RealmUri, "demo-viewer", "demo-viewer-secret");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("temporarily_unavailable", body["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
    }

    [Fact]
    public async Task Options_LifetimeAndClock_AreStampedIntoTheToken()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 7, 55, 0, TimeSpan.Zero));
        await using var issuer = await KeycloakIssuerHost.StartAsync(o =>
        {
            o.Time = clock;
            o.AccessTokenLifetime = TimeSpan.FromSeconds(30);
        }, cancellationToken: TestContext.Current.CancellationToken);

        var (response, body) = await IssuerClient.RequestBasicAsync(_http, issuer.RealmUri, "kubernaut-investigator", "kubernaut-investigator-secret");
        var token = new JsonWebToken(body["access_token"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(30, body["expires_in"]!.GetValue<int>());
        Assert.Equal(clock.GetUtcNow().UtcDateTime, token.IssuedAt);
        Assert.Equal(clock.GetUtcNow().UtcDateTime.AddSeconds(30), token.ValidTo);
        Assert.Equal(issuer.RealmUri.AbsoluteUri, token.Issuer);
    }

    [Fact]
    public void RealmExport_ShippedFile_DescribesTheFourServiceAccounts()
    {
        var realm = RealmExportReader.LoadEmbeddedKubernautRealm();

        Assert.Equal("kubernaut", realm.Name);
        Assert.Equal(["default-roles-kubernaut", "offline_access", "remediator", "uma_authorization"],
            realm.FindClient("kubernaut-remediator")!.ServiceAccount!.RealmRoles.Order(StringComparer.Ordinal));
        Assert.Null(realm.FindClient("kubernaut-spoke-mcp")!.ServiceAccount);
        Assert.Equal(["kubernaut-awx"], realm.FindClient("kubernaut-remediator")!.Audiences);
    }
}
