using System.Security.Claims;

namespace Kubernaut.Hub.Approval;

/// <summary>Who decided: <c>preferred_username</c> from the Keycloak token, else the authenticated name, else anonymous.</summary>
internal static class Decider
{
    public static string Of(ClaimsPrincipal user) =>
        user.FindFirst("preferred_username")?.Value ?? (user.Identity?.IsAuthenticated == true ? user.Identity.Name ?? "authenticated" : "anonymous");
}
