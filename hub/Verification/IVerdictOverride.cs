using Kubernaut.Hub.Remediation;

namespace Kubernaut.Hub.Verification;

/// <summary>
/// The seam at effectiveness assessment (recipe injection point 3): a recipe may replace the computed verdict with its
/// own (e.g. an SLO check against business metrics). The first one that answers wins; none keeps the computed one.
/// </summary>
internal interface IVerdictOverride
{
    Task<VerificationResult?> ReviewAsync(RemediationRequest request, VerificationResult computed, CancellationToken ct);
}
