using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.TrustLadder;

/// <summary>Fleet-wide limits on execution (section <c>Guardrails</c>).</summary>
internal sealed class GuardrailOptions
{
    public const string Section = "Guardrails";

    /// <summary>At most this many requests in Executing across the whole fleet.</summary>
    public int MaxConcurrentExecutions { get; set; } = 3;

    /// <summary>After a successful remediation, the same target waits this long before the next execution.</summary>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>After a failed remediation the target waits BackoffBase · 2^(failures-1), at most BackoffMax.</summary>
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromHours(2);

    /// <summary>After this many failures in a row, the target needs a human (no more automatic attempts).</summary>
    public int MaxConsecutiveFailures { get; set; } = 3;

    /// <summary>How often a request blocked by the concurrency cap looks again for a free slot.</summary>
    public TimeSpan ConcurrencyRecheck { get; set; } = TimeSpan.FromSeconds(2);
}

internal sealed class GuardrailOptionsValidator : IValidateOptions<GuardrailOptions>
{
    public ValidateOptionsResult Validate(string? name, GuardrailOptions options)
    {
        var errors = new List<string>();
        if (options.MaxConcurrentExecutions < 1)
        {
            errors.Add("Guardrails:MaxConcurrentExecutions must be at least 1.");
        }

        if (options.Cooldown < TimeSpan.Zero || options.BackoffBase < TimeSpan.Zero || options.BackoffMax < options.BackoffBase)
        {
            errors.Add("Guardrails:Cooldown and Guardrails:BackoffBase must not be negative, and Guardrails:BackoffMax must be at least BackoffBase.");
        }

        if (options.MaxConsecutiveFailures < 1)
        {
            errors.Add("Guardrails:MaxConsecutiveFailures must be at least 1.");
        }

        if (options.ConcurrencyRecheck <= TimeSpan.Zero)
        {
            errors.Add("Guardrails:ConcurrencyRecheck must be positive.");
        }

        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
