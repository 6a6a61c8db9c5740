using Kubernaut.KindFleet.Metrics;

namespace Kubernaut.KindFleet.PromQl;

internal sealed partial class Parser
{
    private VectorSelector ParseSelector(string? name)
    {
        var matchers = new List<LabelMatcher>();
        if (Peek.Kind == TokenKind.LeftBrace)
        {
            Next();
            while (Peek.Kind != TokenKind.RightBrace)
            {
                var label = Next();
                if (label.Kind != TokenKind.Identifier)
                {
                    throw Unexpected("label matching", label);
                }

                var op = Next();
                var type = op.Text switch
                {
                    "=" => LabelMatchType.Equal,
                    "!=" => LabelMatchType.NotEqual,
                    "=~" => LabelMatchType.Regex,
                    "!~" => LabelMatchType.NotRegex,
                    _ => throw Unexpected("label matching operator", op),
                };
                var value = Next();
                if (value.Kind != TokenKind.String)
                {
                    throw Unexpected("string", value);
                }

                try
                {
                    matchers.Add(new LabelMatcher(label.Text, type, value.Text));
                }
                catch (ArgumentException e)
                {
                    throw new PromQlParseException($"parse error: invalid regular expression {value.Text}: {e.Message}");
                }

                if (Peek.Kind == TokenKind.Comma)
                {
                    Next();
                }
                else if (Peek.Kind != TokenKind.RightBrace)
                {
                    throw Unexpected("\",\" or \"}\"");
                }
            }

            Next();
        }

        return Selector(name, matchers);
    }

    private Aggregate ParseAggregate(string op)
    {
        IReadOnlyList<string>? grouping = null;
        var without = false;
        if (IsKeyword("by") || IsKeyword("without"))
        {
            without = Next().Text.Equals("without", StringComparison.OrdinalIgnoreCase);
            grouping = ParseLabelList();
        }

        Expect(TokenKind.LeftParen, "(");
        Expr? param = null;
        var expr = ParseExpr(0);
        if (Peek.Kind == TokenKind.Comma)
        {
            Next();
            param = expr;
            expr = ParseExpr(0);
        }

        Expect(TokenKind.RightParen, ")");
        if (grouping is null && (IsKeyword("by") || IsKeyword("without")))
        {
            without = Next().Text.Equals("without", StringComparison.OrdinalIgnoreCase);
            grouping = ParseLabelList();
        }

        var needsParam = op is "topk" or "bottomk" or "quantile" or "count_values";
        if (needsParam != (param is not null))
        {
            throw new PromQlParseException(needsParam ? $"wrong number of arguments for aggregate expression provided, expected 2, got 1" : $"wrong number of arguments for aggregate expression provided, expected 1, got 2");
        }

        if (expr.Kind != ValueKind.Vector)
        {
            throw new PromQlParseException($"expected type instant vector in aggregation expression, got {Names.Of(expr.Kind)}");
        }

        return new Aggregate(op, expr, param, grouping ?? [], without);
    }

    private Call ParseCall(Token name)
    {
        var function = Functions.Find(name.Text) ?? throw new PromQlParseException($"1:{name.Position + 1}: parse error: unknown function with name \"{name.Text}\"");
        Expect(TokenKind.LeftParen, "(");
        var args = new List<Expr>();
        while (Peek.Kind != TokenKind.RightParen)
        {
            args.Add(ParseExpr(0));
            if (Peek.Kind == TokenKind.Comma)
            {
                Next();
            }
            else if (Peek.Kind != TokenKind.RightParen)
            {
                throw Unexpected("\",\" or \")\"");
            }
        }

        Next();
        function.CheckArguments(args);
        return new Call(function, args);
    }

    private List<string> ParseLabelList()
    {
        Expect(TokenKind.LeftParen, "(");
        var labels = new List<string>();
        while (Peek.Kind != TokenKind.RightParen)
        {
            var t = Next();
            if (t.Kind != TokenKind.Identifier)
            {
                throw Unexpected("label", t);
            }

            labels.Add(t.Text);
            if (Peek.Kind == TokenKind.Comma)
            {
                Next();
            }
        }

        Next();
        return labels;
    }

    private VectorMatching? ParseMatching(string op)
    {
        if (!IsKeyword("on") && !IsKeyword("ignoring"))
        {
            return null;
        }

        var on = Next().Text.Equals("on", StringComparison.OrdinalIgnoreCase);
        var labels = ParseLabelList();
        var card = op is "and" or "or" or "unless" ? Cardinality.ManyToMany : Cardinality.OneToOne;
        IReadOnlyList<string> include = [];
        if (IsKeyword("group_left") || IsKeyword("group_right"))
        {
            card = Next().Text.Equals("group_left", StringComparison.OrdinalIgnoreCase) ? Cardinality.ManyToOne : Cardinality.OneToMany;
            include = Peek.Kind == TokenKind.LeftParen ? ParseLabelList() : [];
        }

        return new VectorMatching(card, labels, on, include);
    }
}

/// <summary>Prometheus' names for value types in error messages.</summary>
internal static class Names
{
    public static string Of(ValueKind kind) => kind switch
    {
        ValueKind.Scalar => "scalar",
        ValueKind.Vector => "instant vector",
        ValueKind.Matrix => "range vector",
        _ => "string",
    };
}

/// <summary>The type rules of binary expressions, checked at parse time as Prometheus does.</summary>
internal static class BinaryTypes
{
    public static Binary Check(Binary b)
    {
        if (b.Lhs.Kind is not (ValueKind.Scalar or ValueKind.Vector) || b.Rhs.Kind is not (ValueKind.Scalar or ValueKind.Vector))
        {
            throw new PromQlParseException("binary expression must contain only scalar and instant vector types");
        }

        if (b.ReturnBool && !b.IsComparison)
        {
            throw new PromQlParseException("bool modifier can only be used on comparison operators");
        }

        if (b.IsComparison && !b.ReturnBool && b.Lhs.Kind == ValueKind.Scalar && b.Rhs.Kind == ValueKind.Scalar)
        {
            throw new PromQlParseException("comparisons between scalars must use BOOL modifier");
        }

        if (b.IsSetOperator && (b.Lhs.Kind == ValueKind.Scalar || b.Rhs.Kind == ValueKind.Scalar))
        {
            throw new PromQlParseException($"set operator \"{b.Op}\" not allowed in binary scalar expression");
        }

        if (b.Matching is not null && (b.Lhs.Kind == ValueKind.Scalar || b.Rhs.Kind == ValueKind.Scalar))
        {
            throw new PromQlParseException("vector matching only allowed between instant vectors");
        }

        if (b.IsSetOperator && b.Matching is { Card: Cardinality.ManyToOne or Cardinality.OneToMany })
        {
            throw new PromQlParseException("no grouping allowed for \"" + b.Op + "\" operation");
        }

        return b.IsSetOperator && b.Matching is null ? b with { Matching = new VectorMatching(Cardinality.ManyToMany, [], false, []) } : b;
    }
}
