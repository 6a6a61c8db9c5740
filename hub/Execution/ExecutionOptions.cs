using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Execution;

/// <summary>How workflows run (section <c>Execution</c>): AWX, the ephemeral identity, and the limits.</summary>
internal sealed class ExecutionOptions
{
    public const string Section = "Execution";

    /// <summary>AWX (or AAP controller / gateway) base URL, e.g. <c>https://awx.example.com</c>; unset disables execution.</summary>
    public string? AwxUrl { get; set; }

    /// <summary><c>/api/v2/</c> (AWX, AAP ≤ 2.4) or <c>/api/controller/v2/</c> (AAP 2.5+ through the platform gateway).</summary>
    public string AwxApiPath { get; set; } = "/api/v2/";

    /// <summary>
    /// <c>RemediationToken</c>: the remediation-only Keycloak token (audience kubernaut-awx, role remediator) is the
    /// bearer; <c>StaticToken</c>: <see cref="AwxToken"/> (an AWX personal access token).
    /// </summary>
    public string AwxAuthentication { get; set; } = AwxAuthenticationModes.RemediationToken;

    /// <summary>AWX personal access token for <c>StaticToken</c> authentication (never logged).</summary>
    public string? AwxToken { get; set; }

    /// <summary>The AWX organization that owns the throw-away credentials.</summary>
    public int AwxOrganization { get; set; } = 1;

    /// <summary>cluster-proxy user-server URL; a spoke's API is <c>{url}/{cluster}</c>. Defaults to <c>Fleet:ClusterProxyUrl</c>.</summary>
    public string? ClusterProxyUrl { get; set; }

    /// <summary>Requested lifetime of the ManagedServiceAccount token (the addon refuses less than 10 minutes).</summary>
    public TimeSpan TokenValidity { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// <c>ttlSecondsAfterCreation</c> of the ManagedServiceAccount, a backstop should every cleanup fail (the addon's
    /// EphemeralIdentity gate must be on); unset: the longest a run can take plus 5 minutes; zero: none.
    /// </summary>
    public TimeSpan? IdentityTtl { get; set; }

    /// <summary>How long to wait for the token Secret and the RBAC to be applied on the spoke.</summary>
    public TimeSpan AccessReadyTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>A job not finished after this is cancelled in AWX and the run fails.</summary>
    public TimeSpan JobTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>AWX unreachable for this long (before the job finished) fails the run.</summary>
    public TimeSpan AwxUnreachableTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a running job is polled (status and stdout).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Timeout of one AWX HTTP call.</summary>
    public TimeSpan AwxRequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Accept any TLS certificate from AWX (development only).</summary>
    public bool AwxInsecureSkipVerify { get; set; }
}

internal static class AwxAuthenticationModes
{
    public const string RemediationToken = "RemediationToken";
    public const string StaticToken = "StaticToken";
}

internal sealed class ExecutionOptionsValidator : IValidateOptions<ExecutionOptions>
{
    public ValidateOptionsResult Validate(string? name, ExecutionOptions o)
    {
        var errors = new List<string>();
        if (o.AwxUrl is { Length: > 0 } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            errors.Add($"Execution:AwxUrl must be an absolute URL (was '{url}').");
        }

        if (o.AwxApiPath is not ("/api/v2/" or "/api/controller/v2/"))
        {
            errors.Add($"Execution:AwxApiPath must be /api/v2/ or /api/controller/v2/ (was '{o.AwxApiPath}').");
        }

        if (o.AwxAuthentication is not (AwxAuthenticationModes.RemediationToken or AwxAuthenticationModes.StaticToken))
        {
            errors.Add($"Execution:AwxAuthentication must be {AwxAuthenticationModes.RemediationToken} or {AwxAuthenticationModes.StaticToken}.");
        }
        else if (o.AwxAuthentication == AwxAuthenticationModes.StaticToken && string.IsNullOrEmpty(o.AwxToken) && !string.IsNullOrEmpty(o.AwxUrl))
        {
            errors.Add("Execution:AwxToken is required when Execution:AwxAuthentication is StaticToken.");
        }

        if (o.TokenValidity < TimeSpan.FromMinutes(10))
        {
            errors.Add("Execution:TokenValidity must be at least 10 minutes (the managed-serviceaccount addon refuses shorter tokens).");
        }

        if (o.JobTimeout <= TimeSpan.Zero || o.AccessReadyTimeout <= TimeSpan.Zero || o.AwxUnreachableTimeout <= TimeSpan.Zero || o.PollInterval <= TimeSpan.Zero)
        {
            errors.Add("Execution:JobTimeout, AccessReadyTimeout, AwxUnreachableTimeout and PollInterval must be positive.");
        }

        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
