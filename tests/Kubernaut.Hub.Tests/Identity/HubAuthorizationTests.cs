using System.Net;
using System.Net.Http.Json;
using Duende.IdentityModel.Client;
using Kubernaut.Hub.Tests.Support;
using Kubernaut.KindFleet.Identity;
using Microsoft.Extensions.Logging;

namespace Kubernaut.Hub.Tests.Identity;

/// <summary>The hub's REST fronts behind Keycloak: who may read, report, decide; the Alertmanager receiver keeps its own credential.</summary>
public sealed class HubAuthorizationTests : IAsyncLifetime
{
    private const string Receiver = "receiver-token";
    private readonly FleetFixture _fleet = new();
    private readonly HttpClient _http = new();
    private readonly CapturedLogs _logs = new();
    private HubInstance _hub = null!;

    public async ValueTask InitializeAsync()
    {
        await _fleet.InitializeAsync();
        _hub = await HubInstance.StartAsync(_fleet.KubeconfigPath, null, b => b.Logging.SetMinimumLevel(LogLevel.Information).AddProvider(_logs),
            "--Identity:RequireAuthentication", "true", "--Identity:Authority", _fleet.Realm.AbsoluteUri, "--Signals:Alertmanager:BearerToken", Receiver);
    }

    [Fact]
    public async Task Rest_EachCaller_AdmittedByItsRoleAndAudience()
    {
        var viewer = await TokenAsync(_fleet.Realm, "demo-viewer");
        var operatorToken = await TokenAsync(_fleet.Realm, "demo-operator");
        var investigator = await TokenAsync(_fleet.Realm, "kubernaut-investigator");
        await using var otherRealm = await KeycloakIssuerHost.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var foreign = await TokenAsync(otherRealm.RealmUri, "demo-operator");

        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(HttpMethod.Get, "/api/v1/remediations", null));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(HttpMethod.Get, "/api/v1/remediations", viewer));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(HttpMethod.Get, "/api/v1/remediations", operatorToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(HttpMethod.Get, "/api/v1/remediations", investigator));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(HttpMethod.Get, "/api/v1/remediations", foreign));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(HttpMethod.Get, "/api/v1/remediations/rr-x/events?follow=false", null));

        var signal = new { text = "nothing in particular is slow" };
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(HttpMethod.Post, "/api/v1/signals", viewer, signal));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await SendAsync(HttpMethod.Post, "/api/v1/signals", operatorToken, signal));

        var decision = new { decision = "approve", reason = "test" };
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(HttpMethod.Post, "/api/v1/remediations/rr-x/decision", viewer, decision));
        Assert.Equal(HttpStatusCode.NotFound, await SendAsync(HttpMethod.Post, "/api/v1/remediations/rr-x/decision", operatorToken, decision));
    }

    [Fact]
    public async Task AlertmanagerReceiver_OwnBearerNotJwt_Admitted()
    {
        var body = AlertPayloads.Message("firing", AlertPayloads.PodAlert("nowhere", "ns", "pod"));
        using var without = new HttpRequestMessage(HttpMethod.Post, "/api/v1/signals/alertmanager") { Content = AlertPayloads.Json(body) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await _hub.Http.SendAsync(without, TestContext.Current.CancellationToken)).StatusCode);

        using var with = new HttpRequestMessage(HttpMethod.Post, "/api/v1/signals/alertmanager") { Content = AlertPayloads.Json(body) };
        with.Headers.Authorization = new("Bearer", Receiver);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await _hub.Http.SendAsync(with, TestContext.Current.CancellationToken)).StatusCode);
        // The receiver's credential is not a JWT: the realm's JwtBearer must not try it (and log a failure per webhook).
        Assert.DoesNotContain(_logs.Lines, l => l.Contains("JwtBearer", StringComparison.Ordinal));
    }

    private async Task<HttpStatusCode> SendAsync(HttpMethod method, string path, string? token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        using var response = await _hub.Http.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private async Task<string> TokenAsync(Uri realm, string client)
    {
        var disco = await _http.GetDiscoveryDocumentAsync(realm.AbsoluteUri.TrimEnd('/'), TestContext.Current.CancellationToken);
        Assert.False(disco.IsError, disco.Error);
        var token = await _http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = disco.TokenEndpoint,
            ClientId = client,
            ClientSecret = client + "-secret",
        }, TestContext.Current.CancellationToken);
        Assert.False(token.IsError, token.Error);
        return token.AccessToken!;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _hub.DisposeAsync();
        await _fleet.DisposeAsync();
    }
}
