using System.Security.Claims;
using Kubernaut.Hub.Approval;
using Kubernaut.Hub.Identity;
using Kubernaut.Hub.Sessions;
using Microsoft.AspNetCore.Authorization;
using ModelContextProtocol;

namespace Kubernaut.Hub.Mcp;

/// <summary>
/// Per-tool rights: every tool names the hub policy it needs (viewer, investigator, operator, approver), checked
/// against the caller's Keycloak roles through the same <see cref="HubPolicies"/> as the REST fronts. A refusal is a
/// tool error that says which role is missing, so an agent can tell its user what to ask for.
/// </summary>
internal sealed class ToolGate(IAuthorizationService authorization)
{
    /// <summary>The policy each tool needs (hub/README.md "MCP gateway" documents the same matrix).</summary>
    public static readonly IReadOnlyDictionary<string, string> PolicyOf = new Dictionary<string, string>
    {
        ["kubernaut_list_remediations"] = HubPolicies.Viewer,
        ["kubernaut_get_remediation"] = HubPolicies.Viewer,
        ["kubernaut_watch"] = HubPolicies.Viewer,
        ["kubernaut_list_workflows"] = HubPolicies.Viewer,
        ["kubernaut_get_remediation_history"] = HubPolicies.Viewer,
        ["kubernaut_get_effectiveness"] = HubPolicies.Viewer,
        ["kubernaut_get_audit_trail"] = HubPolicies.Viewer,
        ["af_check_existing_rr"] = HubPolicies.Viewer,
        ["kubernaut_start_investigation"] = HubPolicies.Investigator,
        ["kubernaut_poll_investigation"] = HubPolicies.Investigator,
        ["kubernaut_present_decision"] = HubPolicies.Investigator,
        ["af_list_events"] = HubPolicies.Investigator,
        ["af_get_pods"] = HubPolicies.Investigator,
        ["af_get_workloads"] = HubPolicies.Investigator,
        ["af_resolve_owner"] = HubPolicies.Investigator,
        ["kubernaut_submit_signal"] = HubPolicies.Operator,
        ["af_create_rr"] = HubPolicies.Operator,
        ["kubernaut_approve"] = HubPolicies.Approver,
        ["kubernaut_cancel_remediation"] = HubPolicies.Approver,
        ["kubernaut_select_workflow"] = HubPolicies.Approver,
    };

    /// <summary>The refusal for a caller without the tool's role, or null when the caller may call it.</summary>
    public async Task<string?> RefusalAsync(ClaimsPrincipal? user, string tool)
    {
        try
        {
            await RequireAsync(user, PolicyOf.TryGetValue(tool, out var policy) ? policy : HubPolicies.Approver, tool);
            return null;
        }
        catch (McpException e)
        {
            return e.Message;
        }
    }

    public async Task RequireAsync(ClaimsPrincipal? user, string policy, string tool)
    {
        var caller = user ?? new ClaimsPrincipal(new ClaimsIdentity());
        if ((await authorization.AuthorizeAsync(caller, null, policy)).Succeeded)
        {
            return;
        }

        var roles = caller.FindAll("role").Select(c => c.Value).ToList();
        throw new McpException($"{tool} needs the {HubPolicies.RoleOf[policy]} role; {Decider.Of(caller)} has " +
            (roles.Count > 0 ? string.Join(", ", roles) : "no kubernaut role"));
    }

    /// <summary>Runs a conversation call, turning its refusals into tool errors that keep their reason.</summary>
    public static async Task<T> ConverseAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ConversationException e)
        {
            throw new McpException(e.Message);
        }
    }
}

/// <summary>
/// Request ids as the tools accept them: the hub's own (<c>rr-…</c>), upstream's <c>namespace/name</c>, an approval
/// request's <c>rar-rr-…</c>, or <c>namespace</c> + <c>name</c> arguments.
/// </summary>
internal static class RemediationIds
{
    public static string Parse(string? rrId, string? name = null, string argument = "rr_id")
    {
        var raw = rrId is { Length: > 0 } ? rrId.Trim() : name?.Trim();
        if (string.IsNullOrEmpty(raw))
        {
            throw new McpException($"{argument} is required: a RemediationRequest id such as rr-0123456789ab-01234567, or namespace/name");
        }

        var id = raw.Contains('/', StringComparison.Ordinal) ? raw[(raw.LastIndexOf('/') + 1)..] : raw;
        if (id.StartsWith("rar-", StringComparison.Ordinal))
        {
            id = id[4..];
        }

        if (id.Length == 0 || id.Length > 253 || !id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.'))
        {
            throw new McpException($"{argument} \"{raw}\" is not a RemediationRequest name (lower-case letters, digits and dashes)");
        }

        return id;
    }
}
