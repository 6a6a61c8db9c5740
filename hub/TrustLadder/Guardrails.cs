using Kubernaut.Hub.Remediation;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.TrustLadder;

/// <summary>Whether an approved request may start executing now, judged from every request's persisted state.</summary>
internal sealed record GuardrailVerdict(bool Allowed, string? BlockReason = null, string? Message = null, DateTimeOffset? RetryAt = null, bool RequiresManualReview = false)
{
    public static readonly GuardrailVerdict Allow = new(true);
}

internal static class BlockReasons
{
    public const string FleetConcurrencyLimit = "FleetConcurrencyLimit";
    public const string RecentlyRemediated = "RecentlyRemediated";
    public const string ExponentialBackoff = "ExponentialBackoff";
    public const string ConsecutiveFailures = "ConsecutiveFailures";
}

internal sealed class Guardrails(IOptions<GuardrailOptions> options)
{
    public static readonly HashSet<string> FailedOutcomes = [Outcomes.ExecutionFailed, Outcomes.VerificationFailed];

    public GuardrailVerdict Check(RemediationRequest rr, IReadOnlyList<RemediationRequest> all, DateTimeOffset now)
    {
        var o = options.Value;
        var executing = all.Count(r => r.Name != rr.Name && r.Phase == RemediationPhase.Executing);
        if (executing >= o.MaxConcurrentExecutions)
        {
            return new(false, BlockReasons.FleetConcurrencyLimit,
                $"{executing} remediations are executing across the fleet (cap {o.MaxConcurrentExecutions})", now + o.ConcurrencyRecheck);
        }

        var history = all
            .Where(r => r.Name != rr.Name && r.Spec.SignalFingerprint == rr.Spec.SignalFingerprint && r.Status?.CompletionStatus?.CompletedAt is not null)
            .Where(r => r.Status!.CompletionStatus!.Outcome == Outcomes.Remediated || FailedOutcomes.Contains(r.Status.CompletionStatus.Outcome))
            .OrderByDescending(r => r.Status!.CompletionStatus!.CompletedAt)
            .ToList();
        if (history.FirstOrDefault() is { } last && last.Status!.CompletionStatus!.Outcome == Outcomes.Remediated)
        {
            var until = last.Status.CompletionStatus.CompletedAt!.Value + o.Cooldown;
            return until > now
                ? new(false, BlockReasons.RecentlyRemediated, $"{last.Name} remediated this target at {last.Status.CompletionStatus.CompletedAt:O}; cooldown {o.Cooldown}", until)
                : GuardrailVerdict.Allow;
        }

        var failures = history.TakeWhile(r => FailedOutcomes.Contains(r.Status!.CompletionStatus!.Outcome)).ToList();
        if (failures.Count >= o.MaxConsecutiveFailures)
        {
            return new(false, BlockReasons.ConsecutiveFailures,
                $"the last {failures.Count} remediations of this target failed; a human must review before another attempt", null, RequiresManualReview: true);
        }

        if (failures.Count > 0)
        {
            var delay = TimeSpan.FromTicks(Math.Min(o.BackoffMax.Ticks, o.BackoffBase.Ticks * (1L << Math.Min(failures.Count - 1, 30))));
            var until = failures[0].Status!.CompletionStatus!.CompletedAt!.Value + delay;
            if (until > now)
            {
                return new(false, BlockReasons.ExponentialBackoff, $"{failures.Count} failed remediation(s) in a row; next attempt after {delay}", until);
            }
        }

        return GuardrailVerdict.Allow;
    }
}
