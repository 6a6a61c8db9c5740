using System.Security.Claims;

namespace Kubernaut.Hub.Tests.Sessions;

/// <summary>Callers as JwtBearer and the Keycloak role mapping hand them to the hub: a preferred_username and flat role claims.</summary>
internal static class ConversationUsers
{
    public static ClaimsPrincipal Named(string name, params string[] roles) =>
        new(new ClaimsIdentity([new Claim("preferred_username", name), .. roles.Select(r => new Claim("role", r))], "Bearer", "preferred_username", "role"));
}
