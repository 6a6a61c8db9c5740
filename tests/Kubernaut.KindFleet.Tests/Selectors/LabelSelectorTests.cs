using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Selectors;
using Kubernaut.KindFleet.Storage;

namespace Kubernaut.KindFleet.Tests.Selectors;

public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Web = new() { ["app"] = "web", ["env"] = "prod", ["tier"] = "front" };
    private static readonly Dictionary<string, string> Db = new() { ["app"] = "db", ["env"] = "staging" };
    private static readonly Dictionary<string, string> Bare = [];

    [Theory]
    [InlineData("app=web", true, false, false)]
    [InlineData("app==web", true, false, false)]
    [InlineData("app!=web", false, true, true)]
    [InlineData("env in (prod, staging)", true, true, false)]
    [InlineData("env notin (prod)", false, true, true)]
    [InlineData("tier", true, false, false)]
    [InlineData("!tier", false, true, true)]
    [InlineData("app in (web,db),env!=staging", true, false, false)]
    [InlineData(" app = web , tier ", true, false, false)]
    [InlineData("", true, true, true)]
    public void Matches_QuerySyntax_SelectsExpectedLabels(string selector, bool web, bool db, bool bare)
    {
        var parsed = LabelSelector.Parse(selector);

        Assert.Equal([web, db, bare], new[] { Web, Db, Bare }.Select(l => parsed.Matches(l)));
    }

    [Theory]
    [InlineData("app=web,=x")]
    [InlineData("a b")]
    [InlineData("app in (web")]
    public void Parse_Malformed_IsBadRequest(string selector)
    {
        var error = Assert.Throws<KubeApiException>(() => LabelSelector.Parse(selector));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.Code);
    }

    [Fact]
    public void FromObject_MatchLabelsAndExpressions_AreAllRequired()
    {
        var selector = LabelSelector.FromObject(JsonNode.Parse("""
            {"matchLabels":{"app":"web"},
             "matchExpressions":[{"key":"env","operator":"In","values":["prod","qa"]},{"key":"legacy","operator":"DoesNotExist"}]}
            """));

        Assert.True(selector.Matches(Web));
        Assert.False(selector.Matches(new Dictionary<string, string>(Web) { ["legacy"] = "yes" }));
        Assert.False(selector.Matches(new Dictionary<string, string>(Web) { ["env"] = "dev" }));
    }

    [Fact]
    public void FromObject_NullSelector_IsEmpty()
    {
        Assert.True(LabelSelector.FromObject(null).IsEmpty);
    }

    [Fact]
    public void Matches_Object_ReadsMetadataLabels()
    {
        var pod = JsonNode.Parse("""{"metadata":{"name":"p","labels":{"app":"web"}}}""")!.AsObject();

        Assert.True(LabelSelector.Parse("app=web").Matches(pod));
        Assert.False(LabelSelector.Parse("app=db").Matches(pod));
    }
}
