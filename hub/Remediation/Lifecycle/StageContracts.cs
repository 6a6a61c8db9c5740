namespace Kubernaut.Hub.Remediation.Lifecycle;

/// <summary>
/// What a stage gets: the request as persisted, and the idempotency key for any external side effect it causes.
/// The key is the same every time this stage of this request runs (after a crash, on another replica), so an
/// external system that honours it performs the effect once.
/// </summary>
internal sealed record StageContext(RemediationRequest Request, string IdempotencyKey);

/// <summary>A stage's answer: done (with its result), still running (ask again later), or failed.</summary>
internal sealed class StageResult<T>
{
    private StageResult(T? value, TimeSpan? recheckAfter, string? failure)
    {
        Value = value;
        RecheckAfter = recheckAfter;
        Failure = failure;
    }

    public T? Value { get; }

    public TimeSpan? RecheckAfter { get; }

    public string? Failure { get; }

    public bool IsCompleted => RecheckAfter is null && Failure is null;

    public static StageResult<T> Completed(T value) => new(value, null, null);

    public static StageResult<T> InProgress(TimeSpan recheckAfter) => new(default, recheckAfter, null);

    public static StageResult<T> Failed(string reason) => new(default, null, reason);
}

/// <summary>Investigating: find what is wrong (later: the investigation agent over MCP).</summary>
internal interface IInvestigationStage
{
    Task<StageResult<InvestigationResult>> InvestigateAsync(StageContext context, CancellationToken ct);
}

/// <summary>AwaitingDecision: choose a workflow with parameters and a confidence (later: the workflow catalog).</summary>
internal interface IProposalStage
{
    Task<StageResult<RemediationProposal>> ProposeAsync(StageContext context, CancellationToken ct);
}

/// <summary>AwaitingApproval: ask the approvers once (notification, console task); the decision arrives through the API.</summary>
internal interface IApprovalStage
{
    Task<StageResult<string>> RequestApprovalAsync(StageContext context, CancellationToken ct);
}

/// <summary>Executing: run the chosen workflow (later: AWX / Ansible).</summary>
internal interface IExecutionStage
{
    Task<StageResult<ExecutionResult>> ExecuteAsync(StageContext context, CancellationToken ct);
}

/// <summary>Verifying: check that the remediation worked (later: effectiveness assessment on metrics and health).</summary>
internal interface IVerificationStage
{
    Task<StageResult<VerificationResult>> VerifyAsync(StageContext context, CancellationToken ct);
}

internal static class StageNames
{
    public const string Investigate = "investigate";
    public const string Propose = "propose";
    public const string Approve = "approve";
    public const string Execute = "execute";
    public const string Verify = "verify";
}
