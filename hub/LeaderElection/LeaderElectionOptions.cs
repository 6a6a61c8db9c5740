using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.LeaderElection;

/// <summary>The leader Lease (section <c>LeaderElection</c>).</summary>
internal sealed class LeaderElectionOptions
{
    public const string Section = "LeaderElection";

    /// <summary>Off only for a hub that is certain to run alone; it then always acts.</summary>
    public bool Enabled { get; set; } = true;

    public string LeaseName { get; set; } = "kubernaut-hub-leader";

    /// <summary>Unique per replica; defaults to host name, process id and a random suffix.</summary>
    public string? Identity { get; set; }

    /// <summary>How long a silent holder keeps the lease before another replica may take it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A leader that could not renew for this long stops acting (shorter than LeaseDuration, so it stops first).</summary>
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);
}

internal sealed class LeaderElectionOptionsValidator : IValidateOptions<LeaderElectionOptions>
{
    public ValidateOptionsResult Validate(string? name, LeaderElectionOptions options)
    {
        var errors = new List<string>();
        if (options.RetryPeriod <= TimeSpan.Zero || options.RenewDeadline <= options.RetryPeriod || options.LeaseDuration <= options.RenewDeadline)
        {
            errors.Add("LeaderElection needs 0 < RetryPeriod < RenewDeadline < LeaseDuration.");
        }

        if (string.IsNullOrWhiteSpace(options.LeaseName))
        {
            errors.Add("LeaderElection:LeaseName is required.");
        }

        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
