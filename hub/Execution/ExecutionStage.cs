using Kubernaut.Hub.Fleet;
using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Remediation.Lifecycle;
using Kubernaut.Hub.Workflows;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Execution;

/// <summary>
/// Executing: runs the approved workflow through AWX under an identity that exists only for this job. Each call
/// moves the run on from its persisted progress — plan, ManagedServiceAccount, ClusterPermission, token ready, AWX
/// credential, launch, follow — and answers "in progress" until the job is over; then it always cleans up (success,
/// failure, timeout, AWX gone, a hub that died meanwhile) and only then reports the result.
/// </summary>
internal sealed partial class ExecutionStage(WorkflowCatalog catalog, EphemeralAccess access, AwxClient awx, ExecutionJournal journal, ExecutionCleanup cleanup,
    IOptions<ExecutionOptions> options, IOptions<FleetOptions> fleet, TimeProvider time, ILogger<ExecutionStage> logger) : IExecutionStage
{
    private ExecutionOptions Options => options.Value;

    public async Task<StageResult<ExecutionResult>> ExecuteAsync(StageContext context, CancellationToken ct)
    {
        var rr = context.Request;
        var progress = rr.Status?.ExecutionProgress;
        if (progress is null)
        {
            var (plan, errors) = await RunPlanner.PlanAsync(rr, rr.Status?.Decision?.Workflow, rr.Status?.Decision?.Parameters, catalog, ct);
            if (plan is null)
            {
                return StageResult<ExecutionResult>.Failed("cannot run: " + string.Join("; ", errors));
            }

            if (!awx.IsConfigured || SpokeUrl(rr.Spec.ClusterId) is null)
            {
                return StageResult<ExecutionResult>.Failed("execution is not configured: set Execution:AwxUrl and Execution:ClusterProxyUrl (or Fleet:ClusterProxyUrl)");
            }

            progress = Start(rr, plan);
            if (!await journal.SaveAsync(rr.Name, progress, ct))
            {
                return StageResult<ExecutionResult>.Failed("the request disappeared");
            }

            await journal.NoteAsync(rr.Name, $"running {plan.Workflow.Name} (AWX job template {plan.Workflow.Spec.Execution.JobTemplate}) on {progress.Cluster}/{progress.TargetNamespace} "
                + $"as ephemeral ServiceAccount {progress.ServiceAccount} granted exactly: {string.Join("; ", progress.GrantedRules)}", null, ct);
        }

        if (progress.Outcome is null)
        {
            var wait = await AdvanceAsync(rr, progress, ct);
            if (progress.Outcome is null)
            {
                return StageResult<ExecutionResult>.InProgress(wait);
            }
        }

        await cleanup.RunAsync(rr.Name, progress, ct);
        if (!progress.Cleanup.HubSideDone)
        {
            return StageResult<ExecutionResult>.InProgress(Options.PollInterval);
        }

        var outcome = progress.Outcome!;
        var note = progress.Cleanup.CredentialDeletedAt is null ? " (AWX credential deletion pending: " + progress.Cleanup.LastError + ")" : "";
        return StageResult<ExecutionResult>.Completed(new ExecutionResult(outcome.Succeeded,
            progress.AwxJobId is { } job ? $"awx-job/{job}" : null, outcome.Message + note));
    }

    private ExecutionProgress Start(RemediationRequest rr, RunPlan plan)
    {
        var name = "kubernaut-" + rr.Name;
        return new ExecutionProgress
        {
            Workflow = plan.Workflow.Name,
            JobTemplate = plan.Workflow.Spec.Execution.JobTemplate,
            Parameters = new Dictionary<string, string>(plan.Parameters),
            Cluster = rr.Spec.ClusterId,
            TargetNamespace = plan.TargetNamespace,
            StartedAt = time.GetUtcNow(),
            ServiceAccount = name,
            Permission = name,
            AwxCredentialName = name,
            GrantedRules =
            [
                .. plan.Rbac.Rules.Select(r => $"{plan.TargetNamespace}: {Describe(r)}"),
                .. plan.Rbac.ClusterRules.Select(r => $"cluster-wide: {Describe(r)}"),
            ],
        };
    }

    private static string Describe(PolicyRule r) =>
        $"{string.Join(",", r.Verbs)} {string.Join(",", r.Resources.Select(res => r.ApiGroups.FirstOrDefault() is { Length: > 0 } g ? $"{res}.{g}" : res))}"
        + (r.ResourceNames is { Count: > 0 } n ? $" [{string.Join(",", n)}]" : "");

    internal string? SpokeUrl(string cluster) =>
        (Options.ClusterProxyUrl ?? fleet.Value.ClusterProxyUrl) is { Length: > 0 } url ? url.TrimEnd('/') + "/" + cluster : null;

    private void Fail(ExecutionProgress progress, string message) => progress.Outcome = new ExecutionOutcome(false, message, time.GetUtcNow());

    [LoggerMessage(Level = LogLevel.Information, Message = "{Remediation}: {What}")]
    private static partial void LogStep(ILogger logger, string remediation, string what);
}
