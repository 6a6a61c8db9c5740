using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Kubernaut.KindFleet.Awx;

/// <summary>The stand-in's identity: the API token it accepts (configured, or minted once at start).</summary>
public sealed class AwxServer(IOptions<AwxOptions> options)
{
    private readonly byte[] _token = Encoding.UTF8.GetBytes(
        string.IsNullOrEmpty(options.Value.ApiToken) ? "awx." + Convert.ToHexString(RandomNumberGenerator.GetBytes(20)).ToLowerInvariant() : options.Value.ApiToken);

    /// <summary>The token to configure in the hub (never logged).</summary>
    public string ApiToken => Encoding.UTF8.GetString(_token);

    public bool Accepts(string? bearer) =>
        bearer is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(bearer), _token);
}
