using Kubernaut.KindFleet.Metrics;

namespace Kubernaut.KindFleet.PromQl;

/// <summary>Arithmetic, comparison and set operators with Prometheus' vector matching rules.</summary>
internal static class BinaryOperations
{
    private static readonly VectorMatching DefaultMatching = new(Cardinality.OneToOne, [], false, []);

    public static QueryValue Evaluate(PromQlEngine engine, Binary b, long t)
    {
        var lhs = engine.Evaluate(b.Lhs, t);
        var rhs = engine.Evaluate(b.Rhs, t);
        return (lhs, rhs) switch
        {
            (ScalarResult l, ScalarResult r) => new ScalarResult(t, ScalarOp(b, l.Value, r.Value)),
            (VectorResult l, ScalarResult r) => new VectorResult(t, VectorScalar(b, l.Samples, r.Value, swap: false)),
            (ScalarResult l, VectorResult r) => new VectorResult(t, VectorScalar(b, r.Samples, l.Value, swap: true)),
            (VectorResult l, VectorResult r) => new VectorResult(t, b.Op switch
            {
                "and" => And(l.Samples, r.Samples, b.Matching!),
                "or" => Or(l.Samples, r.Samples, b.Matching!),
                "unless" => Unless(l.Samples, r.Samples, b.Matching!),
                _ => VectorVector(b, l.Samples, r.Samples, b.Matching ?? DefaultMatching),
            }),
            _ => throw new PromQlEvalException("binary expression must contain only scalar and instant vector types"),
        };
    }

    /// <summary>Go's vectorElemBinop: the value, and for comparisons whether the element is kept.</summary>
    private static (double Value, bool Keep) Apply(string op, double l, double r) => op switch
    {
        "+" => (l + r, true),
        "-" => (l - r, true),
        "*" => (l * r, true),
        "/" => (l / r, true),
        "%" => (l % r, true),
        "^" => (Math.Pow(l, r), true),
        "atan2" => (Math.Atan2(l, r), true),
        "==" => (l, l == r),
        "!=" => (l, l != r),
        ">" => (l, l > r),
        "<" => (l, l < r),
        ">=" => (l, l >= r),
        "<=" => (l, l <= r),
        _ => throw new PromQlEvalException($"operator \"{op}\" not allowed here"),
    };

    private static bool DropsName(string op) => op is "+" or "-" or "*" or "/" or "%" or "^";

    private static double ScalarOp(Binary b, double l, double r)
    {
        var (value, keep) = Apply(b.Op, l, r);
        return b.IsComparison ? (keep ? 1 : 0) : value;
    }

    private static List<Sample> VectorScalar(Binary b, IReadOnlyList<Sample> vector, double scalar, bool swap)
    {
        var result = new List<Sample>();
        foreach (var s in vector)
        {
            var (l, r) = swap ? (scalar, s.Value) : (s.Value, scalar);
            var (value, keep) = Apply(b.Op, l, r);
            if (b.IsComparison && swap)
            {
                // The vector's element is the result even when the scalar is on the left.
                value = r;
            }

            if (b.ReturnBool)
            {
                value = keep ? 1 : 0;
                keep = true;
            }

            if (keep)
            {
                result.Add(new Sample(DropsName(b.Op) || b.ReturnBool ? s.Labels.WithoutName() : s.Labels, value));
            }
        }

        return result;
    }

    private static LabelSet Signature(LabelSet labels, VectorMatching m) =>
        m.On ? labels.Keep(m.MatchingLabels) : labels.Without(m.MatchingLabels.Append(LabelSet.MetricName));

    private static List<Sample> VectorVector(Binary b, IReadOnlyList<Sample> lhs, IReadOnlyList<Sample> rhs, VectorMatching m)
    {
        var oneToMany = m.Card == Cardinality.OneToMany;
        if (oneToMany)
        {
            (lhs, rhs) = (rhs, lhs);
        }

        var right = new Dictionary<LabelSet, Sample>();
        foreach (var rs in rhs)
        {
            if (!right.TryAdd(Signature(rs.Labels, m), rs))
            {
                throw new PromQlEvalException($"found duplicate series for the match group {Signature(rs.Labels, m)} on the {(oneToMany ? "left" : "right")} hand-side of the operation; many-to-many matching not allowed: matching labels must be unique on one side");
            }
        }

        var matched = new Dictionary<LabelSet, HashSet<LabelSet>>();
        var result = new List<Sample>();
        foreach (var ls in lhs)
        {
            var sig = Signature(ls.Labels, m);
            if (!right.TryGetValue(sig, out var rs))
            {
                continue;
            }

            var (vl, vr) = oneToMany ? (rs.Value, ls.Value) : (ls.Value, rs.Value);
            var (value, keep) = Apply(b.Op, vl, vr);
            if (b.ReturnBool)
            {
                value = keep ? 1 : 0;
            }
            else if (!keep)
            {
                continue;
            }

            var metric = ResultLabels(ls.Labels, rs.Labels, b.Op, m);
            if (b.ReturnBool)
            {
                metric = metric.WithoutName();
            }

            if (m.Card == Cardinality.OneToOne)
            {
                if (!matched.TryAdd(sig, []))
                {
                    throw new PromQlEvalException("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
                }
            }
            else if (!(matched.TryGetValue(sig, out var inserted) ? inserted : matched[sig] = []).Add(metric))
            {
                throw new PromQlEvalException("multiple matches for labels: grouping labels must ensure unique matches");
            }

            result.Add(new Sample(metric, value));
        }

        return result;
    }

    private static LabelSet ResultLabels(LabelSet lhs, LabelSet rhs, string op, VectorMatching m)
    {
        var labels = DropsName(op) ? lhs.WithoutName() : lhs;
        if (m.Card == Cardinality.OneToOne)
        {
            labels = m.On ? labels.Keep(m.MatchingLabels) : labels.Without(m.MatchingLabels);
        }

        foreach (var name in m.Include)
        {
            // Included labels come from the "one" side; absent there means absent in the result.
            labels = rhs.Get(name) is { } v ? labels.With(name, v) : labels.Without(name);
        }

        return labels;
    }

    private static List<Sample> And(IReadOnlyList<Sample> lhs, IReadOnlyList<Sample> rhs, VectorMatching m)
    {
        var right = rhs.Select(s => Signature(s.Labels, m)).ToHashSet();
        return [.. lhs.Where(s => right.Contains(Signature(s.Labels, m)))];
    }

    private static List<Sample> Or(IReadOnlyList<Sample> lhs, IReadOnlyList<Sample> rhs, VectorMatching m)
    {
        var left = lhs.Select(s => Signature(s.Labels, m)).ToHashSet();
        return [.. lhs, .. rhs.Where(s => !left.Contains(Signature(s.Labels, m)))];
    }

    private static List<Sample> Unless(IReadOnlyList<Sample> lhs, IReadOnlyList<Sample> rhs, VectorMatching m)
    {
        var right = rhs.Select(s => Signature(s.Labels, m)).ToHashSet();
        return [.. lhs.Where(s => !right.Contains(Signature(s.Labels, m)))];
    }
}
