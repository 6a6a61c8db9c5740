namespace Kubernaut.Hub.Remediation.Lifecycle;

/// <summary>The five stage implementations the controller drives, registered together.</summary>
internal sealed record StageSet(
    IInvestigationStage Investigation,
    IProposalStage Proposal,
    IApprovalStage Approval,
    IExecutionStage Execution,
    IVerificationStage Verification);
