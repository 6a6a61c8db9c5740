using Kubernaut.Hub.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.A2A;

/// <summary>
/// Who may call which A2A method, with the REST API's roles: viewer reads tasks, investigator or operator starts and
/// continues them, approver cancels (a rejection). Choosing a workflow in a follow-up additionally needs the approver
/// role, which the conversation checks. Evaluated per method, since one endpoint carries them all.
/// </summary>
internal sealed class A2AAccess(IAuthorizationPolicyProvider policies, IPolicyEvaluator evaluator, IOptions<IdentityOptions> identity)
{
    public static readonly string[] Read = [HubPolicies.Viewer];
    public static readonly string[] Start = [HubPolicies.Investigator, HubPolicies.Operator];
    public static readonly string[] Decide = [HubPolicies.Approver];

    /// <summary>Authenticates the caller with the hub's scheme; false when a token is required and none valid was sent.</summary>
    public async Task<(bool Authenticated, AuthenticateResult Result)> AuthenticateAsync(HttpContext http)
    {
        // Every scheme any hub policy names: with RequireAuthentication=false the viewer policy names none, yet a
        // token sent anyway must still name the caller (deciding is never anonymous with a realm configured).
        var schemes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in HubPolicies.RoleOf.Keys)
        {
            schemes.UnionWith((await PolicyAsync(name)).AuthenticationSchemes);
        }

        var everyScheme = new AuthorizationPolicyBuilder([.. schemes]).RequireAssertion(_ => true).Build();
        var result = await evaluator.AuthenticateAsync(everyScheme, http);
        return (result.Succeeded || !identity.Value.RequireAuthentication, result);
    }

    /// <summary>True when any of <paramref name="anyOf"/> admits the caller.</summary>
    public async Task<bool> AllowedAsync(HttpContext http, AuthenticateResult authentication, IReadOnlyList<string> anyOf)
    {
        foreach (var name in anyOf)
        {
            var result = await evaluator.AuthorizeAsync(await PolicyAsync(name), authentication, http, resource: null);
            if (result.Succeeded)
            {
                return true;
            }
        }

        return false;
    }

    public static string RolesOf(IReadOnlyList<string> policies) => string.Join(" or ", policies.Select(p => HubPolicies.RoleOf[p]));

    private async Task<AuthorizationPolicy> PolicyAsync(string name) =>
        await policies.GetPolicyAsync(name) ?? throw new InvalidOperationException($"authorization policy {name} is not registered");
}
