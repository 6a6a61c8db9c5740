using Kubernaut.KindFleet.Metrics;

namespace Kubernaut.KindFleet.PromQl;

/// <summary>
/// A precedence-climbing PromQL parser: or &lt; and/unless &lt; comparisons &lt; +,- &lt; *,/,%,atan2 &lt; ^ (right
/// associative); unary minus binds looser than ^, as in Prometheus (<c>-2^2 == -4</c>).
/// </summary>
internal sealed partial class Parser
{
    public static readonly IReadOnlySet<string> AggregationOps = new HashSet<string>(StringComparer.Ordinal)
    {
        "sum", "avg", "min", "max", "count", "group", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values",
    };

    private const int PowerPrecedence = 6;

    private readonly List<Token> _tokens;
    private int _pos;

    private Parser(string input) => _tokens = Lexer.Tokenize(input);

    public static Expr Parse(string input)
    {
        var parser = new Parser(input);
        if (parser.Peek.Kind == TokenKind.End)
        {
            throw new PromQlParseException("no expression found in input");
        }

        var expr = parser.ParseExpr(0);
        if (parser.Peek.Kind != TokenKind.End)
        {
            throw parser.Unexpected("end of input");
        }

        return expr;
    }

    private Token Peek => _tokens[_pos];

    private Token Next() => _tokens[_pos++];

    private static int Precedence(string op) => op switch
    {
        "or" => 1,
        "and" or "unless" => 2,
        "==" or "!=" or "<" or "<=" or ">" or ">=" => 3,
        "+" or "-" => 4,
        "*" or "/" or "%" or "atan2" => 5,
        "^" => PowerPrecedence,
        _ => -1,
    };

    private string? PeekBinaryOperator()
    {
        var t = Peek;
        if (t.Kind == TokenKind.Operator && t.Text is not ("=" or "=~" or "!~"))
        {
            return t.Text;
        }

        return t.Kind == TokenKind.Identifier && t.Text.ToLowerInvariant() is "and" or "or" or "unless" or "atan2" ? t.Text.ToLowerInvariant() : null;
    }

    private Expr ParseExpr(int minPrecedence)
    {
        var lhs = ParseUnary();
        while (PeekBinaryOperator() is { } op && Precedence(op) >= minPrecedence)
        {
            Next();
            var returnBool = false;
            if (IsKeyword("bool"))
            {
                Next();
                returnBool = true;
            }

            var matching = ParseMatching(op);
            var rhs = ParseExpr(op == "^" ? Precedence(op) : Precedence(op) + 1);
            lhs = BinaryTypes.Check(new Binary(op, lhs, rhs, returnBool, matching));
        }

        return lhs;
    }

    private Expr ParseUnary()
    {
        if (Peek.Kind == TokenKind.Operator && Peek.Text is "-" or "+")
        {
            var negate = Next().Text == "-";
            var operand = ParseExpr(PowerPrecedence);
            if (operand.Kind is not (ValueKind.Scalar or ValueKind.Vector))
            {
                throw new PromQlParseException("unary expression only allowed on expressions of type scalar or instant vector");
            }

            return !negate ? operand : operand is NumberLiteral n ? new NumberLiteral(-n.Value) : new Unary(operand);
        }

        return ParsePostfix(ParsePrimary());
    }

    private Expr ParsePrimary()
    {
        var t = Next();
        switch (t.Kind)
        {
            case TokenKind.Number:
                return new NumberLiteral(Lexer.ParseNumber(t.Text));
            case TokenKind.String:
                return new StringLiteral(t.Text);
            case TokenKind.LeftParen:
                var inner = ParseExpr(0);
                Expect(TokenKind.RightParen, ")");
                return new Paren(inner);
            case TokenKind.LeftBrace:
                _pos--;
                return ParseSelector(null);
            case TokenKind.Identifier:
                var lower = t.Text.ToLowerInvariant();
                if (lower is "inf" or "nan")
                {
                    return new NumberLiteral(lower == "inf" ? double.PositiveInfinity : double.NaN);
                }

                if (AggregationOps.Contains(lower) && (Peek.Kind == TokenKind.LeftParen || IsKeyword("by") || IsKeyword("without")))
                {
                    return ParseAggregate(lower);
                }

                if (Peek.Kind == TokenKind.LeftParen)
                {
                    return ParseCall(t);
                }

                return ParseSelector(t.Text);
            default:
                throw Unexpected("expression", t);
        }
    }

    private Expr ParsePostfix(Expr expr)
    {
        while (true)
        {
            if (Peek.Kind == TokenKind.LeftBracket)
            {
                Next();
                var range = ParseDurationToken();
                if (Peek.Kind == TokenKind.Colon)
                {
                    throw new PromQlParseException("subqueries are not supported by the kind-fleet stand-in");
                }

                Expect(TokenKind.RightBracket, "]");
                expr = expr is VectorSelector vs
                    ? new MatrixSelector(vs, range)
                    : throw new PromQlParseException("ranges only allowed for vector selectors");
            }
            else if (IsKeyword("offset"))
            {
                Next();
                var sign = 1;
                if (Peek.Kind == TokenKind.Operator && Peek.Text == "-")
                {
                    Next();
                    sign = -1;
                }

                var offset = ParseDurationToken() * sign;
                expr = expr switch
                {
                    VectorSelector v => v with { Offset = offset },
                    MatrixSelector m => m with { Selector = m.Selector with { Offset = offset } },
                    _ => throw new PromQlParseException("offset modifier must be preceded by an instant vector selector or range vector selector"),
                };
            }
            else
            {
                return expr;
            }
        }
    }

    private TimeSpan ParseDurationToken()
    {
        var t = Next();
        return t.Kind == TokenKind.Duration ? Lexer.ParseDuration(t.Text) : throw Unexpected("duration", t);
    }

    private bool IsKeyword(string keyword) => Peek.Kind == TokenKind.Identifier && string.Equals(Peek.Text, keyword, StringComparison.OrdinalIgnoreCase);

    private void Expect(TokenKind kind, string what)
    {
        if (Peek.Kind != kind)
        {
            throw Unexpected(what);
        }

        Next();
    }

    private PromQlParseException Unexpected(string expected, Token? token = null)
    {
        var t = token ?? Peek;
        var found = t.Kind == TokenKind.End ? "end of input" : $"\"{t.Text}\"";
        return new PromQlParseException($"1:{t.Position + 1}: parse error: unexpected {found}, expected {expected}");
    }

    private static VectorSelector Selector(string? name, List<LabelMatcher> matchers)
    {
        if (name is not null)
        {
            if (matchers.Any(m => m.Name == LabelSet.MetricName))
            {
                throw new PromQlParseException($"metric name must not be set twice: \"{name}\"");
            }

            matchers.Insert(0, new LabelMatcher(LabelSet.MetricName, LabelMatchType.Equal, name));
        }

        if (!matchers.Any(m => !m.Matches("")))
        {
            throw new PromQlParseException("vector selector must contain at least one non-empty matcher");
        }

        return new VectorSelector(name, matchers, TimeSpan.Zero);
    }
}
