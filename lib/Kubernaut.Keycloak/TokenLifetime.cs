using Microsoft.IdentityModel.Tokens;

namespace Kubernaut.Keycloak;

/// <summary>Token lifetime checked on an injected clock rather than the machine's, so tests (and simulations) can move time.</summary>
public static class TokenLifetime
{
    public static LifetimeValidator Validator(TimeProvider time, TimeSpan skew) => (notBefore, expires, _, _) =>
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (expires is null)
        {
            throw new SecurityTokenNoExpirationException("the token has no expiry (exp)");
        }

        if (notBefore is { } nbf && nbf > now + skew)
        {
            throw new SecurityTokenNotYetValidException($"the token is not valid before {nbf:O}") { NotBefore = nbf };
        }

        if (expires.Value < now - skew)
        {
            throw new SecurityTokenExpiredException($"the token expired at {expires.Value:O}") { Expires = expires.Value };
        }

        return true;
    };
}
