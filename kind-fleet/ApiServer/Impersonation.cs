using Kubernaut.KindFleet.Auth;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Storage;

namespace Kubernaut.KindFleet.ApiServer;

/// <summary><c>Impersonate-User</c>/<c>Impersonate-Group</c>, allowed to those RBAC lets "impersonate" the target.</summary>
internal static class Impersonation
{
    public static UserInfo Apply(HttpContext ctx, SimulatedCluster cluster, UserInfo user)
    {
        var target = ctx.Request.Headers["Impersonate-User"].ToString();
        if (target.Length == 0)
        {
            return user;
        }

        if (!cluster.Authorizer.IsAllowed(user, new AccessRequest("impersonate", "", "users", "", null, target)))
        {
            throw KubeApiException.Forbidden(user.Name, "impersonate", "users", "", "", null, target);
        }

        var groups = ctx.Request.Headers["Impersonate-Group"].Where(g => !string.IsNullOrEmpty(g)).Select(g => g!).ToList();
        groups.Add("system:authenticated");
        return new UserInfo(target, groups.Distinct().ToList());
    }
}
