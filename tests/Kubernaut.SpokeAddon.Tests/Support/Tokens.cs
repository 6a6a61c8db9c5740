using Duende.IdentityModel.Client;

namespace Kubernaut.SpokeAddon.Tests.Support;

/// <summary>Tokens the way the hub gets them: Duende.IdentityModel discovery, then client credentials.</summary>
internal static class Tokens
{
    private static readonly HttpClient Http = new();

    public static async Task<string> RequestAsync(Uri realm, string clientId, string secret)
    {
        var ct = TestContext.Current.CancellationToken;
        var disco = await Http.GetDiscoveryDocumentAsync(realm.AbsoluteUri, ct);
        Assert.False(disco.IsError, disco.Error);
        var response = await Http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = disco.TokenEndpoint,
            ClientId = clientId,
            ClientSecret = secret,
        }, ct);
        Assert.False(response.IsError, $"{clientId}: {response.Error} {response.ErrorDescription}");
        return response.AccessToken!;
    }
}
