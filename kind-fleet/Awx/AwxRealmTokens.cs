using System.Text;
using System.Text.Json;
using Kubernaut.KindFleet.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace Kubernaut.KindFleet.Awx;

/// <summary>
/// Besides its own API token, the stand-in accepts the fleet realm's remediation tokens, as an AAP platform gateway
/// with Keycloak as its OIDC authenticator does: signed by the realm on this host, for the <c>kubernaut-awx</c>
/// audience, unexpired, carrying the <c>remediator</c> role (realm or <c>kubernaut-awx</c> client role). A token
/// for any other audience or without the role — the hub's investigation token, a console user's — is refused.
/// </summary>
internal sealed class AwxRealmTokens(IOptionsMonitor<OpenIddictServerOptions> server, KeycloakIssuerSettings realm)
{
    public const string Audience = "kubernaut-awx";
    public const string Role = "remediator";

    private readonly JsonWebTokenHandler _handler = new();

    public async Task<bool> AcceptsAsync(string token, HttpRequest request)
    {
        if (!_handler.CanReadToken(token))
        {
            return false;
        }

        var time = realm.Options.Time;
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            // The realm names itself after the URL it was reached on; this host serves it.
            ValidIssuers = [$"http://{request.Host}/realms/{realm.Realm.Name}", $"https://{request.Host}/realms/{realm.Realm.Name}"],
            ValidAudience = Audience,
            IssuerSigningKeys = server.CurrentValue.SigningCredentials.Select(c => c.Key),
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (notBefore, expires, _, p) =>
                expires is { } e && time.GetUtcNow().UtcDateTime < e.ToUniversalTime() + p.ClockSkew
                && (notBefore is not { } nb || nb.ToUniversalTime() - p.ClockSkew <= time.GetUtcNow().UtcDateTime),
        });
        return result.IsValid && result.SecurityToken is JsonWebToken jwt && HasRole(jwt);
    }

    private static bool HasRole(JsonWebToken jwt)
    {
        using var payload = JsonDocument.Parse(Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload)));
        var root = payload.RootElement;
        return Roles(root, "realm_access").Contains(Role)
            || (root.TryGetProperty("resource_access", out var resources) && resources.ValueKind == JsonValueKind.Object && Roles(resources, Audience).Contains(Role));
    }

    private static IEnumerable<string?> Roles(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var access) && access.ValueKind == JsonValueKind.Object
        && access.TryGetProperty("roles", out var roles) && roles.ValueKind == JsonValueKind.Array
            ? roles.EnumerateArray().Select(r => r.ValueKind == JsonValueKind.String ? r.GetString() : null)
            : [];
}
