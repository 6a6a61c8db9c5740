using System.Text.Json;
using Kubernaut.KindFleet.Metrics;
using Kubernaut.KindFleet.PromQl;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kubernaut.KindFleet.Thanos;

/// <summary>
/// The Thanos Query stand-in: the Prometheus HTTP API under <c>/thanos/api/v1</c> over the fleet's TSDB. Thanos'
/// own parameters (<c>dedup</c>, <c>partial_response</c>, <c>replicaLabels[]</c>) are accepted; with dedup on (the
/// default), the replica labels are removed and series that then coincide are merged, as Thanos does. A request that
/// names no <c>replicaLabels[]</c> gets the server's own, as Thanos Query started with
/// <c>--query.replica-label=prometheus_replica --query.replica-label=replica</c>.
/// </summary>
internal static class ThanosQueryEndpoints
{
    public static readonly IReadOnlyList<string> DefaultReplicaLabels = ["prometheus_replica", "replica"];

    public static IServiceCollection AddThanosQueryApi(this IServiceCollection services)
    {
        services.TryAddSingleton<PromQlEngine>();
        return services;
    }

    public static IEndpointRouteBuilder MapThanosQueryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/thanos/api/v1");
        string[] methods = ["GET", "POST"];
        api.MapMethods("/query", methods, (HttpContext ctx, PromQlEngine engine, TimeProvider time) => Handle(ctx, p =>
        {
            var at = p.Time("time", time.GetUtcNow());
            var value = engine.Instant(ParseQuery(p), at.ToUnixTimeMilliseconds());
            return ApiResponses.Success(w => ApiResponses.WriteQueryValue(w, Deduplicate(value, p)));
        }));
        api.MapMethods("/query_range", methods, (HttpContext ctx, PromQlEngine engine) => Handle(ctx, p =>
        {
            var start = QueryParameters.ParseTime(p.Get("start") ?? "", "start");
            var end = QueryParameters.ParseTime(p.Get("end") ?? "", "end");
            var step = QueryParameters.ParseDuration(p.Get("step") ?? "", "step");
            if (end < start)
            {
                throw new BadDataException("end timestamp must not be before start time");
            }

            if (step <= TimeSpan.Zero)
            {
                throw new BadDataException("zero or negative query resolution step widths are not accepted. Try a positive integer");
            }

            if ((end - start) / step > PromQlEngine.MaxPointsPerSeries)
            {
                throw new BadDataException("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
            }

            var query = p.Get("query") ?? "";
            ParseQuery(p);
            return ApiResponses.Success(w => ApiResponses.WriteQueryValue(w, Deduplicate(engine.Range(query, start, end, step), p)));
        }));
        api.MapMethods("/series", methods, (HttpContext ctx, TimeSeriesStore store) => Handle(ctx, p =>
        {
            var selectors = Selectors(p, required: true);
            var (min, max) = Window(p);
            var series = selectors.SelectMany(m => store.SeriesLabels(m, min, max)).Select(l => Strip(l, p)).Distinct()
                .OrderBy(l => l, Comparer<LabelSet>.Create(LabelSet.Compare)).ToList();
            return ApiResponses.Success(w =>
            {
                w.WriteStartArray();
                series.ForEach(l => ApiResponses.WriteMetric(w, null, l));
                w.WriteEndArray();
            });
        }));
        api.MapMethods("/labels", methods, (HttpContext ctx, TimeSeriesStore store) => Handle(ctx, p =>
        {
            var (min, max) = Window(p);
            var names = Matching(store, p, min, max).SelectMany(l => Strip(l, p).Select(x => x.Key));
            return ApiResponses.Success(w => WriteStrings(w, names));
        }));
        api.MapMethods("/label/{name}/values", methods, (HttpContext ctx, string name, TimeSeriesStore store) => Handle(ctx, p =>
        {
            var (min, max) = Window(p);
            var values = Matching(store, p, min, max).Select(l => Strip(l, p).Get(name)).OfType<string>();
            return ApiResponses.Success(w => WriteStrings(w, values));
        }));
        return app;
    }

    private static async Task<IResult> Handle(HttpContext ctx, Func<QueryParameters, IResult> body)
    {
        try
        {
            var p = await QueryParameters.ReadAsync(ctx.Request, ctx.RequestAborted);
            p.Bool("dedup");
            p.Bool("partial_response");
            return body(p);
        }
        catch (Exception e) when (e is BadDataException or PromQlParseException)
        {
            return ApiResponses.Error(StatusCodes.Status400BadRequest, "bad_data", e.Message);
        }
        catch (Exception e) when (e is PromQlEvalException or System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return ApiResponses.Error(StatusCodes.Status422UnprocessableEntity, "execution", e.Message);
        }
    }

    private static Expr ParseQuery(QueryParameters p)
    {
        try
        {
            return Parser.Parse(p.Get("query") ?? "");
        }
        catch (PromQlParseException e)
        {
            throw new BadDataException($"invalid parameter \"query\": {e.Message}");
        }
    }

    private static IReadOnlyList<IReadOnlyList<LabelMatcher>> Selectors(QueryParameters p, bool required)
    {
        var matches = p.All("match");
        if (matches.Count == 0 && required)
        {
            throw new BadDataException("no match[] parameter provided");
        }

        return [.. matches.Select(m => Parser.Parse(m) is VectorSelector vs ? vs.Matchers : throw new BadDataException($"invalid parameter \"match[]\": {m} is not a series selector"))];
    }

    private static IEnumerable<LabelSet> Matching(TimeSeriesStore store, QueryParameters p, long min, long max)
    {
        var selectors = Selectors(p, required: false);
        return selectors.Count == 0 ? store.SeriesLabels(null, min, max) : selectors.SelectMany(m => store.SeriesLabels(m, min, max));
    }

    private static (long Min, long Max) Window(QueryParameters p) =>
        (p.Get("start") is { Length: > 0 } s ? QueryParameters.ParseTime(s, "start").ToUnixTimeMilliseconds() : long.MinValue,
         p.Get("end") is { Length: > 0 } e ? QueryParameters.ParseTime(e, "end").ToUnixTimeMilliseconds() : long.MaxValue);

    private static void WriteStrings(Utf8JsonWriter w, IEnumerable<string> values)
    {
        w.WriteStartArray();
        foreach (var v in values.Distinct().Order(StringComparer.Ordinal))
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    private static IReadOnlyList<string> ReplicaLabels(QueryParameters p) => p.All("replicaLabels") is { Count: > 0 } named ? named : DefaultReplicaLabels;

    private static LabelSet Strip(LabelSet labels, QueryParameters p) => p.Bool("dedup") != false ? labels.Without(ReplicaLabels(p)) : labels;

    private static QueryValue Deduplicate(QueryValue value, QueryParameters p)
    {
        if (p.Bool("dedup") == false)
        {
            return value;
        }

        return value switch
        {
            VectorResult v => v with { Samples = [.. v.Samples.GroupBy(s => Strip(s.Labels, p)).Select(g => new Sample(g.Key, g.First().Value))] },
            MatrixResult m => m with { Series = [.. m.Series.GroupBy(s => Strip(s.Labels, p)).Select(g => new Series(g.Key, g.First().Points))] },
            _ => value,
        };
    }
}
