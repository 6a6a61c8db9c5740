using System.Text.Json.Nodes;
using Flurl.Http;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Execution;

/// <summary>
/// client_credentials against the realm's token endpoint (<c>{authority}/protocol/openid-connect/token</c>, Keycloak's
/// layout), cached until <see cref="RemediationTokenOptions.RefreshBefore"/> before it expires.
/// </summary>
internal sealed class ClientCredentialsTokenSource(IOptions<RemediationTokenOptions> options, TimeProvider time) : IRemediationTokenSource
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Token, DateTimeOffset RenewAt)? _cached;

    public async Task<string> GetTokenAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_cached is { } c && time.GetUtcNow() < c.RenewAt)
            {
                return c.Token;
            }

            var o = options.Value;
            if (string.IsNullOrEmpty(o.Authority) || string.IsNullOrEmpty(o.ClientSecret))
            {
                throw new InvalidOperationException("no remediation token source: set Execution:RemediationToken:Authority and ClientSecret (or Execution:AwxAuthentication=StaticToken)");
            }

            var response = await (o.Authority.TrimEnd('/') + "/protocol/openid-connect/token")
                .PostUrlEncodedAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = o.ClientId, ["client_secret"] = o.ClientSecret }, cancellationToken: ct)
                .ReceiveJson<JsonObject>();
            var token = response["access_token"]?.GetValue<string>() ?? throw new InvalidOperationException("the token endpoint answered without access_token");
            var lifetime = TimeSpan.FromSeconds(response["expires_in"]?.GetValue<double>() ?? 60);
            _cached = (token, time.GetUtcNow() + lifetime - o.RefreshBefore);
            return token;
        }
        finally
        {
            _gate.Release();
        }
    }
}
