using Kubernaut.KindFleet.Metrics;

namespace Kubernaut.KindFleet.PromQl;

internal enum ValueKind
{
    Scalar,
    Vector,
    Matrix,
    String,
}

/// <summary>A parsed PromQL expression.</summary>
internal abstract record Expr
{
    public abstract ValueKind Kind { get; }
}

internal sealed record NumberLiteral(double Value) : Expr
{
    public override ValueKind Kind => ValueKind.Scalar;
}

internal sealed record StringLiteral(string Value) : Expr
{
    public override ValueKind Kind => ValueKind.String;
}

internal sealed record VectorSelector(string? Name, IReadOnlyList<LabelMatcher> Matchers, TimeSpan Offset) : Expr
{
    public override ValueKind Kind => ValueKind.Vector;
}

internal sealed record MatrixSelector(VectorSelector Selector, TimeSpan Range) : Expr
{
    public override ValueKind Kind => ValueKind.Matrix;
}

internal sealed record Call(FunctionDef Function, IReadOnlyList<Expr> Args) : Expr
{
    public override ValueKind Kind => Function.Returns;
}

internal sealed record Aggregate(string Op, Expr Expr, Expr? Param, IReadOnlyList<string> Grouping, bool Without) : Expr
{
    public override ValueKind Kind => ValueKind.Vector;
}

internal sealed record Unary(Expr Expr) : Expr
{
    public override ValueKind Kind => Expr.Kind;
}

internal sealed record Paren(Expr Expr) : Expr
{
    public override ValueKind Kind => Expr.Kind;
}

internal enum Cardinality
{
    OneToOne,
    ManyToOne,
    OneToMany,
    ManyToMany,
}

/// <summary>on/ignoring and group_left/group_right of a vector-vector binary operation.</summary>
internal sealed record VectorMatching(Cardinality Card, IReadOnlyList<string> MatchingLabels, bool On, IReadOnlyList<string> Include);

internal sealed record Binary(string Op, Expr Lhs, Expr Rhs, bool ReturnBool, VectorMatching? Matching) : Expr
{
    public override ValueKind Kind => Lhs.Kind == ValueKind.Scalar && Rhs.Kind == ValueKind.Scalar ? ValueKind.Scalar : ValueKind.Vector;

    public bool IsComparison => Op is "==" or "!=" or "<" or "<=" or ">" or ">=";

    public bool IsSetOperator => Op is "and" or "or" or "unless";
}
