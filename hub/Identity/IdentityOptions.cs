using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Identity;

/// <summary>
/// Keycloak for the hub (section <c>Identity</c>): the realm that signs incoming tokens and issues the hub's own,
/// the audience incoming tokens must carry, and the two confidential clients the hub acts as.
/// </summary>
internal sealed class IdentityOptions
{
    public const string Section = "Identity";

    /// <summary>The realm URL, e.g. <c>https://keycloak/realms/kubernaut</c>: issuer, JwtBearer authority and token endpoint discovery.</summary>
    public Uri? Authority { get; set; }

    /// <summary>The client id incoming tokens must name in <c>aud</c> (the realm's audience mapper for the hub).</summary>
    public string Audience { get; set; } = "kubernaut-hub";

    /// <summary>When false the REST fronts accept anonymous calls (tests, a closed demo); tokens sent anyway still name the caller.</summary>
    public bool RequireAuthentication { get; set; } = true;

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A cached token is renewed this long before it expires, so no call leaves with a token about to lapse.</summary>
    public TimeSpan RenewBeforeExpiry { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The client whose tokens can only investigate (the spoke MCP addon's <c>investigator</c> role).</summary>
    public ClientCredentials Investigation { get; set; } = new() { ClientId = "kubernaut-investigator" };

    /// <summary>The client whose tokens can only remediate (the executor's <c>remediator</c> role).</summary>
    public ClientCredentials Remediation { get; set; } = new() { ClientId = "kubernaut-remediator" };

    public ClientCredentials For(string purpose) => purpose switch
    {
        TokenPurpose.Investigation => Investigation,
        TokenPurpose.Remediation => Remediation,
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "unknown token purpose"),
    };
}

/// <summary>A confidential client of the realm; the secret comes from configuration or a mounted file, never from logs.</summary>
internal sealed class ClientCredentials
{
    public string ClientId { get; set; } = "";

    public string? ClientSecret { get; set; }

    /// <summary>A file holding the secret (a mounted Secret); read at each token request, so rotation needs no restart.</summary>
    public string? ClientSecretFile { get; set; }

    /// <summary>Space-separated scopes to request; none by default (Keycloak's default client scopes apply).</summary>
    public string? Scope { get; set; }

    public string? ReadSecret() => ClientSecretFile is { Length: > 0 } file ? File.ReadAllText(file).Trim() : ClientSecret;
}

internal sealed class IdentityOptionsValidator : IValidateOptions<IdentityOptions>
{
    public ValidateOptionsResult Validate(string? name, IdentityOptions options)
    {
        var errors = new List<string>();
        if (options.Authority is { } authority)
        {
            if (!authority.IsAbsoluteUri)
            {
                errors.Add($"Identity:Authority must be an absolute realm URL (was {authority}).");
            }
            else if (authority.Scheme != Uri.UriSchemeHttps && !authority.IsLoopback)
            {
                errors.Add($"Identity:Authority {authority} must use https (plain http only on loopback).");
            }
        }
        else if (options.RequireAuthentication)
        {
            errors.Add("Identity:Authority (the Keycloak realm URL) is required while Identity:RequireAuthentication is true.");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            errors.Add("Identity:Audience must name the hub's client id (e.g. kubernaut-hub).");
        }

        if (options.RenewBeforeExpiry < TimeSpan.Zero)
        {
            errors.Add("Identity:RenewBeforeExpiry must not be negative.");
        }

        foreach (var (key, client) in new[] { ("Investigation", options.Investigation), ("Remediation", options.Remediation) })
        {
            if (string.IsNullOrWhiteSpace(client.ClientId))
            {
                errors.Add($"Identity:{key}:ClientId is required.");
            }

            if (client.ClientSecretFile is { Length: > 0 } file && !File.Exists(file))
            {
                errors.Add($"Identity:{key}:ClientSecretFile {file} does not exist.");
            }
        }

        if (options.Investigation.ClientId == options.Remediation.ClientId && options.Investigation.ClientId.Length > 0)
        {
            errors.Add("Identity:Investigation:ClientId and Identity:Remediation:ClientId must differ: investigation tokens must not be able to remediate.");
        }

        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
