using Kubernaut.Hub.Fleet;
using Kubernaut.Hub.Signals.NaturalLanguage;

namespace Kubernaut.Hub.Tests.Signals;

/// <summary>The name matching on its own: general word rules, not sentences it was written for.</summary>
public sealed class WorkloadMatcherTests
{
    private static readonly string[] Names = ["payment-gateway", "payment-db", "checkout-service", "frontend", "order-processor", "user-auth", "redis-cache"];

    [Theory]
    [InlineData("the payment processing feels sluggish", "payment-gateway")]
    [InlineData("our payments gateway is timing out", "payment-gateway")]
    [InlineData("payment database has lost replicas", "payment-db")]
    [InlineData("the checkout is throwing 500s", "checkout-service")]
    [InlineData("the front end is down for everyone", "frontend")]
    [InlineData("orders are stuck in the order processor", "order-processor")]
    [InlineData("users cannot log in, the login service errors", "user-auth")]
    [InlineData("the chekout page is slow", "checkout-service")]
    [InlineData("cache misses through the roof on redis", "redis-cache")]
    public void Score_DescriptionOfAService_RanksThatServiceFirst(string text, string expected)
    {
        var best = Rank(text).First();

        Assert.Equal(expected, best.Workload.Ref.Name);
    }

    [Theory]
    [InlineData("the transaction handling is slow")]
    [InlineData("the database is slow")]
    [InlineData("everything is on fire")]
    public void Score_OnlyRoleOrGenericWords_MatchesNoService(string text)
    {
        Assert.Empty(Rank(text));
    }

    [Fact]
    public void Score_AliasAnnotation_MatchesTheAlias()
    {
        var workload = new SpokeWorkload("c", new ObjectRef("apps/v1", "Deployment", "shop", "svc-7"),
            new Dictionary<string, string>(), new Dictionary<string, string> { [WorkloadMatcher.AliasAnnotation] = "loyalty points, rewards engine" });

        var match = WorkloadMatcher.Score(workload, Tokens.Of("the rewards engine is down"), Tokens.Normalised("the rewards engine is down"));

        Assert.NotNull(match);
    }

    private static List<WorkloadMatch> Rank(string text) =>
        [.. Names.Select(n => new SpokeWorkload("c", new ObjectRef("apps/v1", "Deployment", "default", n), new Dictionary<string, string>(), new Dictionary<string, string>()))
            .Select(w => WorkloadMatcher.Score(w, Tokens.Of(text), Tokens.Normalised(text)))
            .OfType<WorkloadMatch>()
            .OrderByDescending(m => m.Score)];
}
