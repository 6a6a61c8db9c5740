using Kubernaut.KindFleet.Metrics;

namespace Kubernaut.KindFleet.PromQl;

/// <summary>A PromQL function: argument types (trailing ones may be optional, the last may repeat), result, body.</summary>
internal sealed record FunctionDef(string Name, ValueKind[] Args, ValueKind Returns, Func<FunctionContext, QueryValue> Evaluate, int Optional = 0, bool Variadic = false)
{
    public void CheckArguments(IReadOnlyList<Expr> args)
    {
        var min = Args.Length - Optional;
        if (args.Count < min || (!Variadic && args.Count > Args.Length))
        {
            throw new PromQlParseException($"expected {(Optional > 0 || Variadic ? "at least " : "")}{min} argument(s) in call to \"{Name}\", got {args.Count}");
        }

        for (var i = 0; i < args.Count; i++)
        {
            var expected = Args[Math.Min(i, Args.Length - 1)];
            if (args[i].Kind != expected)
            {
                throw new PromQlParseException($"expected type {Names.Of(expected)} in call to function \"{Name}\", got {Names.Of(args[i].Kind)}");
            }
        }
    }
}

/// <summary>What a function body sees: its arguments, evaluated on demand at the step's time.</summary>
internal sealed class FunctionContext(PromQlEngine engine, Call call, long t)
{
    public PromQlEngine Engine { get; } = engine;

    public Call Call { get; } = call;

    public long Time { get; } = t;

    public int ArgCount => Call.Args.Count;

    public IReadOnlyList<Sample> Vector(int i) => Engine.EvaluateVector(Call.Args[i], Time).Samples;

    public double Scalar(int i) => Engine.EvaluateScalar(Call.Args[i], Time);

    public string String(int i) => ((StringLiteral)Unwrap(Call.Args[i])).Value;

    public MatrixSelector RangeSelector => (MatrixSelector)Unwrap(Call.Args.First(a => a.Kind == ValueKind.Matrix));

    public IReadOnlyList<Series> Range() => Engine.SelectRange(RangeSelector, Time);

    public VectorResult Out(IEnumerable<Sample> samples) => new(Time, [.. samples]);

    private static Expr Unwrap(Expr e) => e is Paren p ? Unwrap(p.Expr) : e;
}

/// <summary>The function table.</summary>
internal static partial class Functions
{
    private const ValueKind S = ValueKind.Scalar;
    private const ValueKind V = ValueKind.Vector;
    private const ValueKind M = ValueKind.Matrix;
    private const ValueKind Str = ValueKind.String;

    private static readonly Dictionary<string, FunctionDef> Table = Build().ToDictionary(f => f.Name, StringComparer.Ordinal);

    public static FunctionDef? Find(string name) => Table.GetValueOrDefault(name);

    private static IEnumerable<FunctionDef> Build()
    {
        yield return new("rate", [M], V, c => ExtrapolatedRate(c, isCounter: true, isRate: true));
        yield return new("increase", [M], V, c => ExtrapolatedRate(c, isCounter: true, isRate: false));
        yield return new("delta", [M], V, c => ExtrapolatedRate(c, isCounter: false, isRate: false));
        yield return new("irate", [M], V, c => InstantRate(c, isRate: true));
        yield return new("idelta", [M], V, c => InstantRate(c, isRate: false));
        yield return new("deriv", [M], V, c => OverTime(c, p => p.Count < 2 ? null : LinearRegression(p, p[0].TimestampMs).Slope));
        yield return new("predict_linear", [M, S], V, PredictLinear);
        yield return new("avg_over_time", [M], V, c => OverTime(c, p => AverageOf(p)));
        yield return new("sum_over_time", [M], V, c => OverTime(c, p => KahanSum(p.Select(x => x.Value))));
        yield return new("count_over_time", [M], V, c => OverTime(c, p => p.Count));
        yield return new("min_over_time", [M], V, c => OverTime(c, p => p.Select(x => x.Value).Aggregate((m, v) => m > v || double.IsNaN(m) ? v : m)));
        yield return new("max_over_time", [M], V, c => OverTime(c, p => p.Select(x => x.Value).Aggregate((m, v) => m < v || double.IsNaN(m) ? v : m)));
        yield return new("last_over_time", [M], V, c => OverTime(c, p => p[^1].Value, keepName: true));
        yield return new("present_over_time", [M], V, c => OverTime(c, _ => 1));
        yield return new("stddev_over_time", [M], V, c => OverTime(c, p => Math.Sqrt(Variance(p))));
        yield return new("stdvar_over_time", [M], V, c => OverTime(c, p => Variance(p)));
        yield return new("quantile_over_time", [S, M], V, c => OverTime(c, p => Aggregations.Quantile(c.Scalar(0), [.. p.Select(x => x.Value)])));
        yield return new("changes", [M], V, c => OverTime(c, p => Enumerable.Range(1, p.Count - 1).Count(i => p[i].Value != p[i - 1].Value && !(double.IsNaN(p[i].Value) && double.IsNaN(p[i - 1].Value)))));
        yield return new("resets", [M], V, c => OverTime(c, p => Enumerable.Range(1, p.Count - 1).Count(i => p[i].Value < p[i - 1].Value)));
        yield return new("absent_over_time", [M], V, c => c.Range().Count > 0 ? c.Out([]) : c.Out([new Sample(AbsentLabels(c.RangeSelector.Selector), 1)]));
        yield return new("absent", [V], V, Absent);
        yield return new("abs", [V], V, c => Simple(c, Math.Abs));
        yield return new("ceil", [V], V, c => Simple(c, Math.Ceiling));
        yield return new("floor", [V], V, c => Simple(c, Math.Floor));
        yield return new("exp", [V], V, c => Simple(c, Math.Exp));
        yield return new("ln", [V], V, c => Simple(c, Math.Log));
        yield return new("log2", [V], V, c => Simple(c, Math.Log2));
        yield return new("log10", [V], V, c => Simple(c, Math.Log10));
        yield return new("sqrt", [V], V, c => Simple(c, Math.Sqrt));
        yield return new("sgn", [V], V, c => Simple(c, v => double.IsNaN(v) ? v : Math.Sign(v)));
        yield return new("round", [V, S], V, Round, Optional: 1);
        yield return new("clamp", [V, S, S], V, c => c.Scalar(2) < c.Scalar(1) ? c.Out([]) : Simple(c, v => Math.Max(c.Scalar(1), Math.Min(c.Scalar(2), v))));
        yield return new("clamp_min", [V, S], V, c => Simple(c, v => Math.Max(c.Scalar(1), v)));
        yield return new("clamp_max", [V, S], V, c => Simple(c, v => Math.Min(c.Scalar(1), v)));
        yield return new("timestamp", [V], V, Timestamp);
        yield return new("histogram_quantile", [S, V], V, HistogramQuantile.Evaluate);
        yield return new("label_replace", [V, Str, Str, Str, Str], V, LabelReplace);
        yield return new("label_join", [V, Str, Str, Str], V, LabelJoin, Optional: 1, Variadic: true);
        yield return new("sort", [V], V, c => c.Out(c.Vector(0).OrderBy(s => s.Value)));
        yield return new("sort_desc", [V], V, c => c.Out(c.Vector(0).OrderByDescending(s => s.Value)));
        yield return new("scalar", [V], S, c => new ScalarResult(c.Time, c.Vector(0) is [var only] ? only.Value : double.NaN));
        yield return new("vector", [S], V, c => c.Out([new Sample(LabelSet.Empty, c.Scalar(0))]));
        yield return new("time", [], S, c => new ScalarResult(c.Time, c.Time / 1000.0));
        foreach (var f in DateFunctions())
        {
            yield return f;
        }
    }

    private static VectorResult Simple(FunctionContext c, Func<double, double> f) =>
        c.Out(c.Vector(0).Select(s => new Sample(s.Labels.WithoutName(), f(s.Value))));

    private static VectorResult Round(FunctionContext c)
    {
        var inverse = 1 / (c.ArgCount > 1 ? c.Scalar(1) : 1);
        return Simple(c, v => Math.Floor((v * inverse) + 0.5) / inverse);
    }

    private static VectorResult Timestamp(FunctionContext c)
    {
        var arg = c.Call.Args[0] is Paren p ? p.Expr : c.Call.Args[0];
        if (arg is VectorSelector vs)
        {
            // As in Prometheus: the timestamp of the sample itself, not of the evaluation step.
            return c.Out(c.Engine.SelectInstantTimestamps(vs, c.Time).Select(s => new Sample(s.Labels.WithoutName(), s.TimestampMs / 1000.0)));
        }

        return c.Out(c.Vector(0).Select(s => new Sample(s.Labels.WithoutName(), c.Time / 1000.0)));
    }

    private static VectorResult Absent(FunctionContext c)
    {
        if (c.Vector(0).Count > 0)
        {
            return c.Out([]);
        }

        var arg = c.Call.Args[0] is Paren p ? p.Expr : c.Call.Args[0];
        return c.Out([new Sample(arg is VectorSelector vs ? AbsentLabels(vs) : LabelSet.Empty, 1)]);
    }

    /// <summary>absent()'s labels: those fixed by one equality matcher each (a label matched twice is left out).</summary>
    private static LabelSet AbsentLabels(VectorSelector vs)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var ambiguous = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in vs.Matchers.Where(m => m.Name != LabelSet.MetricName))
        {
            if (m.Type == LabelMatchType.Equal && !labels.ContainsKey(m.Name))
            {
                labels[m.Name] = m.Value;
            }
            else
            {
                ambiguous.Add(m.Name);
            }
        }

        return LabelSet.Of(labels.Where(l => !ambiguous.Contains(l.Key)));
    }
}
