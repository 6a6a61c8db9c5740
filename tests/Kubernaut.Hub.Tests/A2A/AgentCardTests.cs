using Kubernaut.Hub.A2A;
using Kubernaut.Hub.Identity;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Tests.A2A;

public sealed class AgentCardTests
{
    [Fact]
    public void Build_WithRealm_UrlFromRequestAndClientCredentialsAgainstTheRealm()
    {
        var card = Factory(new A2AOptions(), new Uri("http://127.0.0.1:8123/realms/kubernaut")).Build(new Uri("http://127.0.0.1:5000/hub/"));
        Assert.Equal("http://127.0.0.1:5000/hub/a2a", card.Url);
        Assert.Equal("0.3.0", card.ProtocolVersion);
        Assert.True(card.Capabilities.Streaming);
        Assert.Equal(["investigate", "remediate", "status"], card.Skills.Select(s => s.Id));
        var keycloak = card.SecuritySchemes!["keycloak"];
        Assert.Equal("oauth2", keycloak.Type);
        Assert.Equal("http://127.0.0.1:8123/realms/kubernaut/protocol/openid-connect/token", keycloak.Flows!.ClientCredentials!.TokenUrl);
        Assert.Equal(("http", "bearer"), (card.SecuritySchemes["bearer"].Type, card.SecuritySchemes["bearer"].Scheme));
        Assert.Contains(card.Security!, s => s.ContainsKey("keycloak"));
    }

    [Fact]
    public void Build_PublicUrlAndNoRealm_PublicUrlAndNoSchemes()
    {
        var card = Factory(new A2AOptions { PublicUrl = new Uri("https://hub.example/agents/kubernaut") }, null).Build(new Uri("http://10.0.0.1:5000/"));
        Assert.Equal("https://hub.example/agents/kubernaut", card.Url);
        Assert.Null(card.SecuritySchemes);
        Assert.Null(card.Security);
    }

    [Theory]
    [InlineData("a2a", null)]
    [InlineData("/a2a", "ftp://x/a2a")]
    public void Validate_BadPathOrUrl_Fails(string path, string? url)
    {
        var result = new A2AOptionsValidator().Validate(null, new A2AOptions { Path = path, PublicUrl = url is null ? null : new Uri(url) });
        Assert.True(result.Failed);
    }

    private static AgentCardFactory Factory(A2AOptions options, Uri? realm) =>
        new(Options.Create(options), Options.Create(new IdentityOptions { Authority = realm }));
}
