using Kubernaut.KindFleet.Metrics;
using Kubernaut.KindFleet.PromQl;

namespace Kubernaut.KindFleet.Tests.PromQl;

public sealed class ParserTests
{
    [Theory]
    [InlineData("sum(rate(x[5m])")]
    [InlineData("rate(x)")]
    [InlineData("1 > 2")]
    [InlineData("x[5m] + 1")]
    [InlineData("{job=~\".*\"}")]
    [InlineData("foo{a=\"b\"} and 1")]
    [InlineData("x + bool y")]
    [InlineData("nonexistent_function(x)")]
    [InlineData("topk(x)")]
    [InlineData("")]
    public void Parse_InvalidQuery_ThrowsParseError(string query) => Assert.Throws<PromQlParseException>(() => Parser.Parse(query));

    [Fact]
    public void Parse_Precedence_PowerIsRightAssociativeAndBindsTighterThanUnaryMinus()
    {
        var engine = new PromQlEngine(new TimeSeriesStore());

        Assert.Equal(512, ((ScalarResult)engine.Instant("2 ^ 3 ^ 2", DateTimeOffset.UnixEpoch)).Value);
        Assert.Equal(-4, ((ScalarResult)engine.Instant("-2 ^ 2", DateTimeOffset.UnixEpoch)).Value);
        Assert.Equal(1, ((ScalarResult)engine.Instant("1 + 2 * 3 > bool 6", DateTimeOffset.UnixEpoch)).Value);
    }

    [Fact]
    public void Parse_SelectorWithOffsetAndGrouping_KeepsEveryPart()
    {
        var expr = (Aggregate)Parser.Parse("sum without (pod) (rate(kube_pod_container_status_restarts_total{cluster=\"prod-us-east\", namespace=~\"check.*\"}[5m] offset 1h))");
        var call = (Call)expr.Expr;
        var range = (MatrixSelector)call.Args[0];

        Assert.True(expr.Without);
        Assert.Equal(["pod"], expr.Grouping);
        Assert.Equal(TimeSpan.FromMinutes(5), range.Range);
        Assert.Equal(TimeSpan.FromHours(1), range.Selector.Offset);
        Assert.Equal(3, range.Selector.Matchers.Count);
    }

    [Fact]
    public void HistogramQuantile_SeedLatencies_InterpolatesInsideTheBucket()
    {
        var store = new TimeSeriesStore();
        var t = DateTimeOffset.FromUnixTimeSeconds(1_772_000_000);
        foreach (var (le, count) in new[] { ("0.1", 90.0), ("0.25", 95.0), ("2.5", 100.0), ("+Inf", 100.0) })
        {
            store.Append(LabelSet.Of(("__name__", "http_request_duration_seconds_bucket"), ("le", le), ("cluster", "prod-eu-west")), t, count);
        }

        var result = (VectorResult)new PromQlEngine(store).Instant("histogram_quantile(0.99, http_request_duration_seconds_bucket)", t);

        // rank 99 lies in (0.25, 2.5]: 0.25 + 2.25 * (99 - 95) / (100 - 95) = 2.05
        Assert.Equal(2.05, Assert.Single(result.Samples).Value, 1e-12);
        Assert.Equal(LabelSet.Of(("cluster", "prod-eu-west")), result.Samples[0].Labels);
    }
}
