using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using Kubernaut.Hub.Fleet;
using Kubernaut.Hub.Remediation;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.TrustLadder;

/// <summary>One item of the L2 onboarding checklist: what must hold before a cluster can be trusted further.</summary>
internal interface IOnboardingCheck
{
    Task<ChecklistItem> CheckAsync(RemediationRequest rr, CancellationToken ct);
}

internal static class ChecklistStatus
{
    public const string Passed = "Passed";
    public const string Failed = "Failed";
    public const string Unknown = "Unknown";
}

/// <summary>Runs every registered check; a check that throws is reported, not fatal.</summary>
internal sealed class OnboardingChecklist(IEnumerable<IOnboardingCheck> checks)
{
    public async Task<List<ChecklistItem>> EvaluateAsync(RemediationRequest rr, CancellationToken ct)
    {
        var items = new List<ChecklistItem>();
        foreach (var check in checks)
        {
            try
            {
                items.Add(await check.CheckAsync(rr, ct));
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException)
            {
                items.Add(new ChecklistItem(check.GetType().Name, ChecklistStatus.Unknown, "could not check: " + e.Message));
            }
        }

        return items;
    }
}

/// <summary>The kubernaut agent addon is installed on the cluster and reports Available.</summary>
internal sealed class AddonHealthyCheck(IKubernetes hub, IOptions<TrustLadderOptions> options) : IOnboardingCheck
{
    public async Task<ChecklistItem> CheckAsync(RemediationRequest rr, CancellationToken ct)
    {
        var addon = options.Value.AddonName;
        JsonElement obj;
        try
        {
            obj = (JsonElement)await hub.CustomObjects.GetNamespacedCustomObjectAsync("addon.open-cluster-management.io", "v1alpha1",
                rr.Spec.ClusterId, "managedclusteraddons", addon, ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return new("addon-healthy", ChecklistStatus.Failed, $"ManagedClusterAddOn {addon} is not installed on {rr.Spec.ClusterId}");
        }

        return obj.HasTrueCondition("Available")
            ? new("addon-healthy", ChecklistStatus.Passed, $"{addon} reports Available")
            : new("addon-healthy", ChecklistStatus.Failed, $"{addon} is installed but not Available");
    }
}

/// <summary>The investigation found at least one catalog workflow that applies to this kind of incident.</summary>
internal sealed class WorkflowsApplicableCheck : IOnboardingCheck
{
    public Task<ChecklistItem> CheckAsync(RemediationRequest rr, CancellationToken ct) => Task.FromResult(rr.Status?.Proposal?.Workflow is { Length: > 0 } workflow
        ? new ChecklistItem("workflows-applicable", ChecklistStatus.Passed, $"workflow {workflow} applies")
        : new ChecklistItem("workflows-applicable", ChecklistStatus.Failed, "no catalog workflow applies to this incident"));
}

/// <summary>
/// Placeholder for a probe this hub cannot make yet (MCP reachability, metrics flow): reported as Unknown with the reason,
/// never as passed, until the addon that can answer registers its own check under the same name.
/// </summary>
internal sealed class NotYetProbedCheck(string name, string why) : IOnboardingCheck
{
    public Task<ChecklistItem> CheckAsync(RemediationRequest rr, CancellationToken ct) =>
        Task.FromResult(new ChecklistItem(name, ChecklistStatus.Unknown, why));
}
