using System.Net;
using System.Text;
using Duende.IdentityModel.Client;
using Kubernaut.Hub.Tests.Support;
using Kubernaut.KindFleet.Identity;

namespace Kubernaut.Hub.Tests.Mcp;

/// <summary>A token that expires in the middle of an MCP conversation: the next call is refused, saying why.</summary>
[Collection(McpCollection.Name)]
public sealed class McpTokenExpiryTests(McpFleet fleet)
{
    [Fact]
    public async Task Call_TokenExpiresMidSession_RefusedWithExpiryReason()
    {
        // A realm whose tokens live two seconds, and a hub that allows no clock skew.
        await using var issuer = await KeycloakIssuerHost.StartAsync(o => o.AccessTokenLifetime = TimeSpan.FromSeconds(2), cancellationToken: TestContext.Current.CancellationToken);
        await using var hub = await HubInstance.StartAsync(fleet.KubeconfigPath, null, null, "--namespace", "kn-" + Guid.NewGuid().ToString("N")[..6],
            "--Identity:RequireAuthentication", "true", "--Identity:Authority", issuer.RealmUri.AbsoluteUri, "--Identity:ClockSkew", "00:00:00");
        using var http = new HttpClient();
        var disco = await http.GetDiscoveryDocumentAsync(issuer.RealmUri.AbsoluteUri.TrimEnd('/'), TestContext.Current.CancellationToken);
        var token = (await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = disco.TokenEndpoint,
            ClientId = "demo-operator",
            ClientSecret = "demo-operator-secret",
        }, TestContext.Current.CancellationToken)).AccessToken!;

        await using var client = await McpClients.ConnectAsync(hub, new() { ["Authorization"] = "Bearer " + token });
        var first = await McpClients.CallAsync(client, "kubernaut_list_workflows", new());
        Assert.True(first.GetProperty("count").GetInt32() >= 0);

        HttpRequestException? refused = null;
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await client.CallToolAsync("kubernaut_list_workflows", new Dictionary<string, object?>(), cancellationToken: TestContext.Current.CancellationToken);
                return false;
            }
            catch (HttpRequestException e)
            {
                refused = e;
                return true;
            }
        }, "the expired token was never refused", TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.Unauthorized, refused!.StatusCode);

        using var raw = new HttpRequestMessage(HttpMethod.Post, new Uri(hub.Http.BaseAddress!, "mcp"))
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":7,"method":"tools/list"}""", Encoding.UTF8, "application/json"),
        };
        raw.Headers.Authorization = new("Bearer", token);
        raw.Headers.Accept.ParseAdd("application/json");
        raw.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await http.SendAsync(raw, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("expired", response.Headers.WwwAuthenticate.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
