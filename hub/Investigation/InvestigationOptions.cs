using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Investigation;

/// <summary>How the hub investigates (section <c>Investigation</c>).</summary>
internal sealed class InvestigationOptions
{
    public const string Section = "Investigation";

    /// <summary>
    /// <c>Deterministic</c> (offline rules over the evidence, the default), <c>Llm</c> (a model drives the same tools,
    /// falling back to the rules when it fails), or <c>Scripted</c> (the lifecycle's stand-in stage; tests of other stages).
    /// </summary>
    public InvestigationMode Mode { get; set; } = InvestigationMode.Deterministic;

    /// <summary>
    /// The spoke addon's MCP endpoint with <c>{cluster}</c> for the cluster name, normally the cluster-proxy
    /// service-proxy URL: <c>https://cluster-proxy/{cluster}/api/v1/namespaces/open-cluster-management-agent-addon/services/http:kubernaut-spoke-mcp:8080/proxy-service/mcp</c>.
    /// </summary>
    public string? SpokeMcpUrl { get; set; }

    /// <summary>A PEM file of CAs to trust for the spoke MCP URL (cluster-proxy's own CA), besides the system's.</summary>
    public string? SpokeMcpCaFile { get; set; }

    /// <summary>How far back evidence is read (events, metric ranges, revisions).</summary>
    public TimeSpan Lookback { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Backoff while Keycloak or the spoke addon cannot be reached: base·2^(attempt-1), capped.</summary>
    public TimeSpan RetryBase { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan RetryMax { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>After this many attempts without reaching the spoke addon the investigation fails (Keycloak outages are waited out).</summary>
    public int MaxSpokeAttempts { get; set; } = 8;

    public LlmOptions Llm { get; set; } = new();
}

internal enum InvestigationMode
{
    Deterministic,
    Llm,
    Scripted,
}

/// <summary>An OpenAI-compatible chat completions endpoint (section <c>Investigation:Llm</c>).</summary>
internal sealed class LlmOptions
{
    /// <summary>The API base, e.g. <c>https://api.openai.com/v1</c> or a local server's <c>http://127.0.0.1:8000/v1</c>.</summary>
    public Uri? Endpoint { get; set; }

    public string Model { get; set; } = "gpt-4o-mini";

    public string? ApiKey { get; set; }

    public string? ApiKeyFile { get; set; }

    /// <summary>Most tool calls the model may make before it must answer.</summary>
    public int MaxToolCalls { get; set; } = 16;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);
}

internal sealed class InvestigationOptionsValidator : IValidateOptions<InvestigationOptions>
{
    public ValidateOptionsResult Validate(string? name, InvestigationOptions options)
    {
        var errors = new List<string>();
        if (options.Mode != InvestigationMode.Scripted && options.SpokeMcpUrl is { Length: > 0 } url &&
            (!url.Contains("{cluster}", StringComparison.Ordinal) || !Uri.TryCreate(url.Replace("{cluster}", "c", StringComparison.Ordinal), UriKind.Absolute, out _)))
        {
            errors.Add($"Investigation:SpokeMcpUrl must be an absolute URL containing {{cluster}} (was {url}).");
        }

        if (options.Mode == InvestigationMode.Llm && options.Llm.Endpoint is not { IsAbsoluteUri: true })
        {
            errors.Add("Investigation:Llm:Endpoint (an OpenAI-compatible API base URL) is required when Investigation:Mode is Llm.");
        }

        if (options.SpokeMcpCaFile is { Length: > 0 } ca && !File.Exists(ca))
        {
            errors.Add($"Investigation:SpokeMcpCaFile {ca} does not exist.");
        }

        if (options.Lookback < TimeSpan.FromMinutes(5))
        {
            errors.Add("Investigation:Lookback must be at least 5 minutes.");
        }

        if (options.RetryBase <= TimeSpan.Zero || options.RetryMax < options.RetryBase)
        {
            errors.Add("Investigation:RetryBase must be positive and Investigation:RetryMax at least RetryBase.");
        }

        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
