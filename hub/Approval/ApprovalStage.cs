using System.Globalization;
using System.Text.Json.Nodes;
using Kubernaut.Hub.Audit;
using Kubernaut.Hub.Remediation.Lifecycle;

namespace Kubernaut.Hub.Approval;

/// <summary>
/// AwaitingApproval: presents the decision once — the proposed workflow and every option with its confidence, risk
/// and parameters — as an event on the request (what the console, chat and MCP clients render). The decision itself
/// arrives through <c>POST /api/v1/remediations/{id}/decision</c>.
/// </summary>
internal sealed class ApprovalStage(IAuditTrail audit) : IApprovalStage
{
    public async Task<StageResult<string>> RequestApprovalAsync(StageContext context, CancellationToken ct)
    {
        var rr = context.Request;
        var proposal = rr.Status?.Proposal;
        var options = proposal?.Options ?? [];
        var text = proposal?.Workflow is null
            ? "no workflow fits; an approver may name one (override)"
            : $"approval requested for {proposal.Workflow}; options: " + string.Join("; ", options.Select(o =>
                $"{o.Workflow} (confidence {o.Confidence.ToString("P0", CultureInfo.InvariantCulture)}, risk {o.Risk}): {o.Description}"));
        await audit.AppendAsync(new AuditRecord(AuditKinds.Action, rr.Name, "kubernaut-hub", "approval", text, new JsonObject
        {
            ["event"] = "decision-requested",
            ["proposed"] = proposal?.Workflow,
            ["options"] = new JsonArray([.. options.Select(o => (JsonNode)new JsonObject
            {
                ["workflow"] = o.Workflow,
                ["description"] = o.Description,
                ["risk"] = o.Risk,
                ["confidence"] = o.Confidence,
                ["parameters"] = new JsonObject([.. o.Parameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]),
            })]),
        }.ToJsonString()), ct);
        return StageResult<string>.Completed(text);
    }
}
