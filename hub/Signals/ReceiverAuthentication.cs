using System.Security.Cryptography;
using System.Text;

namespace Kubernaut.Hub.Signals;

/// <summary>Checks the credential Alertmanager's <c>http_config</c> sends (bearer or basic), in constant time.</summary>
internal static class ReceiverAuthentication
{
    public static bool IsRequired(AlertmanagerReceiverOptions options) =>
        !string.IsNullOrEmpty(options.BearerToken) || !string.IsNullOrEmpty(options.Username);

    public static bool IsAuthorized(HttpRequest request, AlertmanagerReceiverOptions options)
    {
        if (!IsRequired(options))
        {
            return true;
        }

        var header = request.Headers.Authorization.ToString();
        if (!string.IsNullOrEmpty(options.BearerToken) && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && FixedTimeEquals(header[7..].Trim(), options.BearerToken))
        {
            return true;
        }

        if (!string.IsNullOrEmpty(options.Username) && header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                return FixedTimeEquals(pair, $"{options.Username}:{options.Password}");
            }
            catch (FormatException)
            {
                return false;
            }
        }

        return false;
    }

    public static string Challenge(AlertmanagerReceiverOptions options) =>
        string.IsNullOrEmpty(options.BearerToken) ? "Basic realm=\"kubernaut-hub\"" : "Bearer realm=\"kubernaut-hub\"";

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));
}
