using System.Security.Claims;
using Kubernaut.Keycloak;

namespace Kubernaut.SpokeAddon.Tests.Auth;

public sealed class KeycloakRolesClaimsTransformationTests
{
    private const string RealmAccess = """{"roles":["viewer","investigator"]}""";
    private const string ResourceAccess = """{"kubernaut-spoke-mcp":{"roles":["investigator","reader"]},"account":{"roles":["manage-account"]}}""";

    [Fact]
    public async Task TransformAsync_AllSources_AddsRealmAndOwnClientRolesOnce()
    {
        var transformation = new KeycloakRolesClaimsTransformation("role", RolesSource.All, "kubernaut-spoke-mcp");

        var principal = await transformation.TransformAsync(Principal(("realm_access", RealmAccess), ("resource_access", ResourceAccess)));
        principal = await transformation.TransformAsync(principal);

        Assert.Equal(["investigator", "reader", "viewer"], principal.FindAll("role").Select(c => c.Value).Order());
        Assert.True(principal.IsInRole("investigator"));
        Assert.False(principal.IsInRole("manage-account"));
    }

    [Fact]
    public async Task TransformAsync_ResourceAccessOnly_IgnoresRealmRoles()
    {
        var transformation = new KeycloakRolesClaimsTransformation("role", RolesSource.ResourceAccess, "kubernaut-spoke-mcp");

        var principal = await transformation.TransformAsync(Principal(("realm_access", """{"roles":["investigator"]}"""), ("resource_access", """{"kubernaut-awx":{"roles":["remediator"]}}""")));

        Assert.Empty(principal.FindAll("role"));
    }

    [Fact]
    public async Task TransformAsync_MalformedClaims_GrantNothing()
    {
        var transformation = new KeycloakRolesClaimsTransformation("role", RolesSource.All, "kubernaut-spoke-mcp");

        var principal = await transformation.TransformAsync(Principal(("realm_access", "{not json"), ("resource_access", """{"kubernaut-spoke-mcp":{"roles":"investigator"}}""")));

        Assert.Empty(principal.FindAll("role"));
    }

    [Fact]
    public async Task TransformAsync_Unauthenticated_IsLeftAlone()
    {
        var transformation = new KeycloakRolesClaimsTransformation("role", RolesSource.All, "kubernaut-spoke-mcp");
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity([new Claim("realm_access", RealmAccess)]));

        var principal = await transformation.TransformAsync(anonymous);

        Assert.Empty(principal.FindAll("role"));
    }

    private static ClaimsPrincipal Principal(params (string Type, string Json)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Json, "JSON")), "Bearer", "preferred_username", "role"));
}
