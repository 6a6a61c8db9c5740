using System.Net.Http.Headers;
using System.Text.Json;

namespace Kubernaut.KindFleet.Demo;

/// <summary>
/// Sends every demo call to the hub as the demo operator (viewer, operator and approver roles): a client-credentials
/// token from the demo realm, reused until shortly before it expires. The hub refuses anonymous reads and signals.
/// </summary>
internal sealed class DemoOperatorToken(Uri hub) : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private string? _token;
    private DateTimeOffset _renewAt;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization ??= new AuthenticationHeaderValue("Bearer", await TokenAsync(cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }

    public async Task<string> TokenAsync(CancellationToken ct)
    {
        await _lock.WaitAsync(ct);
        try
        {
            if (_token is null || DateTimeOffset.UtcNow >= _renewAt)
            {
                using var form = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials",
                    ["client_id"] = "demo-operator",
                    ["client_secret"] = "demo-operator-secret",
                });
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(hub, "realms/kubernaut/protocol/openid-connect/token")) { Content = form };
                using var response = await base.SendAsync(request, ct);
                response.EnsureSuccessStatusCode();
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
                _token = body.RootElement.GetProperty("access_token").GetString()!;
                var lifetime = TimeSpan.FromSeconds(body.RootElement.TryGetProperty("expires_in", out var e) ? e.GetInt32() : 60);
                _renewAt = DateTimeOffset.UtcNow + lifetime / 2;
            }

            return _token;
        }
        finally
        {
            _lock.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _lock.Dispose();
        }

        base.Dispose(disposing);
    }
}
