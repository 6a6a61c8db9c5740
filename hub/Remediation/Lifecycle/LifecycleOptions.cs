using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Remediation.Lifecycle;

/// <summary>How the lifecycle controller paces itself (section <c>Lifecycle</c>).</summary>
internal sealed class LifecycleOptions
{
    public const string Section = "Lifecycle";

    /// <summary>How often every open request is looked at even when nothing in this process asked for it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a request may stay without a phase (intake creates it, audits, then writes Pending) before the controller opens it itself.</summary>
    public TimeSpan IntakeGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Requests advanced at the same time.</summary>
    public int MaxParallel { get; set; } = 4;

    /// <summary>Which stage implementations run: <c>Scripted</c> (configurable test/demo stages) until the real ones exist.</summary>
    public string Stages { get; set; } = "Scripted";
}

internal sealed class LifecycleOptionsValidator : IValidateOptions<LifecycleOptions>
{
    public ValidateOptionsResult Validate(string? name, LifecycleOptions options)
    {
        var errors = new List<string>();
        if (options.PollInterval <= TimeSpan.Zero)
        {
            errors.Add("Lifecycle:PollInterval must be positive.");
        }

        if (options.IntakeGrace <= TimeSpan.Zero)
        {
            errors.Add("Lifecycle:IntakeGrace must be positive.");
        }

        if (options.MaxParallel < 1)
        {
            errors.Add("Lifecycle:MaxParallel must be at least 1.");
        }

        if (options.Stages != "Scripted")
        {
            errors.Add($"Lifecycle:Stages must be Scripted (was '{options.Stages}'); other stage sets register themselves.");
        }

        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
