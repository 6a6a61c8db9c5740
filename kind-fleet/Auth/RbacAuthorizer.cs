using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;
using Kubernaut.KindFleet.Storage;

namespace Kubernaut.KindFleet.Auth;

/// <summary>One authorization question, in SubjectAccessReview terms.</summary>
internal sealed record AccessRequest(string Verb, string Group, string Resource, string Subresource, string? Namespace, string? Name)
{
    public string ResourceWithSubresource => Subresource.Length == 0 ? Resource : $"{Resource}/{Subresource}";
}

/// <summary>
/// The RBAC authorizer: a request is allowed when any Role or ClusterRole bound to the user (or one of its groups)
/// has a rule covering it. <c>system:masters</c> may do anything; every authenticated user may read discovery and
/// ask about its own permissions, as the bootstrap roles allow.
/// </summary>
internal sealed class RbacAuthorizer(ObjectStore store)
{
    private static readonly GroupResource Roles = new("rbac.authorization.k8s.io", "roles");
    private static readonly GroupResource ClusterRoles = new("rbac.authorization.k8s.io", "clusterroles");
    private static readonly GroupResource RoleBindings = new("rbac.authorization.k8s.io", "rolebindings");
    private static readonly GroupResource ClusterRoleBindings = new("rbac.authorization.k8s.io", "clusterrolebindings");

    private static readonly HashSet<string> SelfReviews = ["selfsubjectaccessreviews", "selfsubjectrulesreviews", "selfsubjectreviews"];

    public bool IsAllowed(UserInfo user, AccessRequest request)
    {
        if (user.IsMaster || (request.Verb == "create" && SelfReviews.Contains(request.Resource)))
        {
            return true;
        }

        return RulesFor(user, request.Namespace).Any(rule => Covers(rule, request));
    }

    /// <summary>Every policy rule that applies to the user in a namespace (cluster-wide rules included).</summary>
    public IEnumerable<JsonObject> RulesFor(UserInfo user, string? ns)
    {
        foreach (var binding in store.List(ClusterRoleBindings, null).Items.Where(b => BindsUser(b, user)))
        {
            foreach (var rule in RoleRules(binding, null))
            {
                yield return rule;
            }
        }

        if (ns is null)
        {
            yield break;
        }

        foreach (var binding in store.List(RoleBindings, ns).Items.Where(b => BindsUser(b, user)))
        {
            foreach (var rule in RoleRules(binding, ns))
            {
                yield return rule;
            }
        }
    }

    private IEnumerable<JsonObject> RoleRules(JsonObject binding, string? ns)
    {
        var roleRef = binding["roleRef"];
        var name = roleRef.Str("name") ?? "";
        var role = roleRef.Str("kind") == "Role" && ns is not null
            ? store.Get(Roles, ns, name)
            : store.Get(ClusterRoles, "", name);
        return role?["rules"].Objects() ?? [];
    }

    private static bool BindsUser(JsonObject binding, UserInfo user) =>
        binding["subjects"].Objects().Any(s => s.Str("kind") switch
        {
            "ServiceAccount" => user.ServiceAccountRef is var (ns, name) && s.Str("name") == name &&
                                (s.Str("namespace") ?? binding.Metadata().Str("namespace")) == ns,
            "User" => s.Str("name") == user.Name,
            "Group" => user.Groups.Contains(s.Str("name") ?? ""),
            _ => false,
        });

    private static bool Covers(JsonObject rule, AccessRequest request)
    {
        return Matches(rule["verbs"], request.Verb)
            && Matches(rule["apiGroups"], request.Group)
            && (Matches(rule["resources"], request.ResourceWithSubresource) || (request.Subresource.Length > 0 && Matches(rule["resources"], request.Resource + "/*")))
            && (rule["resourceNames"] is not JsonArray { Count: > 0 } names || (request.Name is not null && Matches(names, request.Name)));
    }

    private static bool Matches(JsonNode? list, string value) =>
        list is JsonArray a && a.Any(v => v.ScalarText() is "*" || v.ScalarText() == value);
}
