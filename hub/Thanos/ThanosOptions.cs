using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Thanos;

/// <summary>Thanos Query (or any Prometheus HTTP API) the hub reads fleet metrics from (section <c>Thanos</c>).</summary>
internal sealed class ThanosOptions
{
    public const string Section = "Thanos";

    /// <summary>The base under which <c>api/v1/query</c> lives, e.g. <c>http://thanos-query:9090/</c>.</summary>
    public Uri? Url { get; set; }

    /// <summary>Thanos <c>dedup</c>: merge the replicas of HA Prometheus pairs.</summary>
    public bool Dedup { get; set; } = true;

    /// <summary>Thanos <c>partial_response</c>: answer from the stores that answered, with a warning, rather than fail.</summary>
    public bool PartialResponse { get; set; } = true;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);
}

internal sealed class ThanosOptionsValidator : IValidateOptions<ThanosOptions>
{
    public ValidateOptionsResult Validate(string? name, ThanosOptions options)
    {
        var errors = new List<string>();
        if (options.Url is { IsAbsoluteUri: false })
        {
            errors.Add($"Thanos:Url must be an absolute URL (was {options.Url}).");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            errors.Add("Thanos:Timeout must be positive.");
        }

        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
