using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.TrustLadder;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Tests.TrustLadder;

/// <summary>The guardrail rules on hand-built request histories (one class, no I/O).</summary>
public sealed class GuardrailsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly Guardrails _guardrails = new(Options.Create(new GuardrailOptions
    {
        MaxConcurrentExecutions = 2,
        Cooldown = TimeSpan.FromMinutes(15),
        BackoffBase = TimeSpan.FromMinutes(5),
        BackoffMax = TimeSpan.FromMinutes(30),
        MaxConsecutiveFailures = 3,
    }));

    [Fact]
    public void Check_FleetAtConcurrencyCap_BlocksAndRetriesSoon()
    {
        var candidate = Request("rr-new", "fp-a");
        var all = new[] { candidate, Request("rr-1", "fp-b", RemediationPhase.Executing), Request("rr-2", "fp-c", RemediationPhase.Executing) };

        var verdict = _guardrails.Check(candidate, all, Now);

        Assert.False(verdict.Allowed);
        Assert.Equal(BlockReasons.FleetConcurrencyLimit, verdict.BlockReason);
        Assert.True(verdict.RetryAt > Now);
    }

    [Fact]
    public void Check_OneSlotFree_Allows()
    {
        var candidate = Request("rr-new", "fp-a");

        var verdict = _guardrails.Check(candidate, [candidate, Request("rr-1", "fp-b", RemediationPhase.Executing)], Now);

        Assert.True(verdict.Allowed);
    }

    [Fact]
    public void Check_TargetRemediatedWithinCooldown_BlocksUntilCooldownEnds()
    {
        var candidate = Request("rr-new", "fp-a");
        var done = Finished("rr-old", "fp-a", Outcomes.Remediated, Now.AddMinutes(-5));

        var verdict = _guardrails.Check(candidate, [candidate, done], Now);

        Assert.Equal(BlockReasons.RecentlyRemediated, verdict.BlockReason);
        Assert.Equal(Now.AddMinutes(10), verdict.RetryAt);
    }

    [Fact]
    public void Check_CooldownOverOrOtherTarget_Allows()
    {
        var candidate = Request("rr-new", "fp-a");

        Assert.True(_guardrails.Check(candidate, [candidate, Finished("rr-old", "fp-a", Outcomes.Remediated, Now.AddMinutes(-20))], Now).Allowed);
        Assert.True(_guardrails.Check(candidate, [candidate, Finished("rr-x", "fp-b", Outcomes.Remediated, Now.AddMinutes(-1))], Now).Allowed);
        Assert.True(_guardrails.Check(candidate, [candidate, Finished("rr-dry", "fp-a", Outcomes.DryRun, Now.AddMinutes(-1))], Now).Allowed);
    }

    [Fact]
    public void Check_ConsecutiveFailures_BackOffExponentially()
    {
        var candidate = Request("rr-new", "fp-a");
        var one = new[] { candidate, Finished("f1", "fp-a", Outcomes.ExecutionFailed, Now.AddMinutes(-1)) };
        var two = new[] { candidate, Finished("f1", "fp-a", Outcomes.ExecutionFailed, Now.AddMinutes(-20)), Finished("f2", "fp-a", Outcomes.VerificationFailed, Now.AddMinutes(-1)) };

        var afterOne = _guardrails.Check(candidate, one, Now);
        var afterTwo = _guardrails.Check(candidate, two, Now);

        Assert.Equal(BlockReasons.ExponentialBackoff, afterOne.BlockReason);
        Assert.Equal(Now.AddMinutes(4), afterOne.RetryAt);
        Assert.Equal(Now.AddMinutes(9), afterTwo.RetryAt);
    }

    [Fact]
    public void Check_FailureStreakBrokenBySuccess_CountsOnlyTheRecentStreak()
    {
        var candidate = Request("rr-new", "fp-a");
        var history = new[]
        {
            candidate,
            Finished("f1", "fp-a", Outcomes.ExecutionFailed, Now.AddHours(-5)),
            Finished("f2", "fp-a", Outcomes.ExecutionFailed, Now.AddHours(-4)),
            Finished("ok", "fp-a", Outcomes.Remediated, Now.AddHours(-3)),
            Finished("f3", "fp-a", Outcomes.ExecutionFailed, Now.AddHours(-2)),
        };

        var verdict = _guardrails.Check(candidate, history, Now);

        Assert.True(verdict.Allowed);
    }

    [Fact]
    public void Check_MaxConsecutiveFailures_NeedsAHuman()
    {
        var candidate = Request("rr-new", "fp-a");
        var history = new[]
        {
            candidate,
            Finished("f1", "fp-a", Outcomes.ExecutionFailed, Now.AddHours(-3)),
            Finished("f2", "fp-a", Outcomes.ExecutionFailed, Now.AddHours(-2)),
            Finished("f3", "fp-a", Outcomes.VerificationFailed, Now.AddHours(-1)),
        };

        var verdict = _guardrails.Check(candidate, history, Now);

        Assert.Equal(BlockReasons.ConsecutiveFailures, verdict.BlockReason);
        Assert.True(verdict.RequiresManualReview);
        Assert.Null(verdict.RetryAt);
    }

    private static RemediationRequest Request(string name, string fingerprint, string phase = RemediationPhase.AwaitingApproval) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new RemediationSpec { SignalFingerprint = fingerprint },
        Status = new RemediationStatus { OverallPhase = phase },
    };

    private static RemediationRequest Finished(string name, string fingerprint, string outcome, DateTimeOffset at)
    {
        var rr = Request(name, fingerprint, outcome == Outcomes.Remediated ? RemediationPhase.Completed : RemediationPhase.Failed);
        rr.Status!.CompletionStatus = new CompletionStatus { Outcome = outcome, CompletedAt = at };
        return rr;
    }
}
