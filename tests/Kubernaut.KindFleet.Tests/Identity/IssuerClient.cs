using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Kubernaut.KindFleet.Tests.Identity;

/// <summary>Raw client_credentials requests against a realm's token endpoint, as any OAuth client sends them.</summary>
internal static class IssuerClient
{
    public static async Task<(HttpResponseMessage Response, JsonObject Body)> RequestBasicAsync(
        HttpClient http, Uri realm, string clientId, string secret, string? scope = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, TokenEndpoint(realm))
        {
            Content = Form(("grant_type", "client_credentials"), ("scope", scope)),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
        var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return (response, await ReadAsync(response));
    }

    public static async Task<(HttpResponseMessage Response, JsonObject Body)> RequestPostAsync(
        HttpClient http, Uri realm, string clientId, string secret, string? scope = null)
    {
        var response = await http.PostAsync(TokenEndpoint(realm),
            Form(("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", secret), ("scope", scope)),
            TestContext.Current.CancellationToken);
        return (response, await ReadAsync(response));
    }

    public static async Task<string> TokenAsync(HttpClient http, Uri realm, string clientId, string secret)
    {
        var (response, body) = await RequestBasicAsync(http, realm, clientId, secret);
        Assert.True(response.IsSuccessStatusCode, $"token request for {clientId}: {(int)response.StatusCode} {body.ToJsonString()}");
        return body["access_token"]!.GetValue<string>();
    }

    public static Uri TokenEndpoint(Uri realm) => new(realm.AbsoluteUri.TrimEnd('/') + "/protocol/openid-connect/token");

    private static FormUrlEncodedContent Form(params (string Key, string? Value)[] fields) =>
        new(fields.Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Key, f.Value!)));

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return JsonNode.Parse(text)?.AsObject() ?? throw new InvalidOperationException($"not JSON: {text}");
    }
}
