using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Signals;

/// <summary>Signal intake (section <c>Signals</c>).</summary>
internal sealed class SignalOptions
{
    public const string Section = "Signals";

    /// <summary>Alert label naming the managed cluster.</summary>
    public string ClusterLabel { get; set; } = "cluster";

    public AlertmanagerReceiverOptions Alertmanager { get; set; } = new();

    /// <summary>
    /// How often repeats of firing alerts on an open request, counted in memory, are written to it (and how far its
    /// <c>occurrenceCount</c> may lag). Zero writes every repeat at once.
    /// </summary>
    public TimeSpan OccurrenceFlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Natural-language texts longer than this are refused.</summary>
    public int MaxTextLength { get; set; } = 4000;
}

/// <summary>
/// Credentials the Alertmanager receiver demands, matching Alertmanager's <c>http_config</c>: a bearer token
/// (<c>authorization.credentials</c>) or basic auth. Neither set: the receiver is open (loopback demo only).
/// </summary>
internal sealed class AlertmanagerReceiverOptions
{
    public string? BearerToken { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }
}

internal sealed class SignalOptionsValidator : IValidateOptions<SignalOptions>
{
    public ValidateOptionsResult Validate(string? name, SignalOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClusterLabel))
        {
            errors.Add("Signals:ClusterLabel is required.");
        }

        if (string.IsNullOrEmpty(options.Alertmanager.Username) != string.IsNullOrEmpty(options.Alertmanager.Password))
        {
            errors.Add("Signals:Alertmanager:Username and Signals:Alertmanager:Password must be set together.");
        }

        if (options.OccurrenceFlushInterval < TimeSpan.Zero || options.OccurrenceFlushInterval > TimeSpan.FromMinutes(1))
        {
            errors.Add("Signals:OccurrenceFlushInterval must be between 0 (off) and 1 minute.");
        }

        if (options.MaxTextLength < 16)
        {
            errors.Add("Signals:MaxTextLength must be at least 16.");
        }

        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
