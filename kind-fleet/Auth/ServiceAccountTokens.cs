using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Kubernaut.KindFleet.Auth;

/// <summary>
/// Tokens minted by one cluster's TokenRequest API. A token authenticates only while it is unexpired
/// and the ServiceAccount it was minted for still exists with the same uid — as bound tokens behave.
/// Tokens are opaque random strings; only this registry knows what they mean, and nothing logs them.
/// </summary>
internal sealed class ServiceAccountTokens(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, IssuedToken> _tokens = new(StringComparer.Ordinal);

    public (string Token, DateTimeOffset ExpiresAt) Issue(string ns, string serviceAccount, string uid, TimeSpan lifetime, IReadOnlyList<string> audiences)
    {
        var token = "sim-sa." + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var expires = time.GetUtcNow() + lifetime;
        _tokens[token] = new IssuedToken(ns, serviceAccount, uid, expires, audiences);
        PruneExpired();
        return (token, expires);
    }

    /// <summary>Resolves a token; <paramref name="serviceAccountUid"/> answers the current uid of a ServiceAccount, or null if gone.</summary>
    public UserInfo? Authenticate(string token, Func<string, string, string?> serviceAccountUid)
    {
        if (!_tokens.TryGetValue(token, out var issued))
        {
            return null;
        }

        if (issued.ExpiresAt <= time.GetUtcNow() || serviceAccountUid(issued.Namespace, issued.ServiceAccount) != issued.Uid)
        {
            _tokens.TryRemove(token, out _);
            return null;
        }

        return UserInfo.ServiceAccount(issued.Namespace, issued.ServiceAccount, issued.Uid);
    }

    public int Count => _tokens.Count;

    private void PruneExpired()
    {
        var now = time.GetUtcNow();
        foreach (var (token, issued) in _tokens)
        {
            if (issued.ExpiresAt <= now)
            {
                _tokens.TryRemove(token, out _);
            }
        }
    }

    private sealed record IssuedToken(string Namespace, string ServiceAccount, string Uid, DateTimeOffset ExpiresAt, IReadOnlyList<string> Audiences);
}
