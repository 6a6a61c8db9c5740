using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Kubernaut.KindFleet.PromQl;

internal enum TokenKind
{
    Number,
    Duration,
    String,
    Identifier,
    Operator,
    LeftParen,
    RightParen,
    LeftBrace,
    RightBrace,
    LeftBracket,
    RightBracket,
    Comma,
    Colon,
    End,
}

internal readonly record struct Token(TokenKind Kind, string Text, int Position);

/// <summary>Splits a PromQL query into tokens.</summary>
internal static partial class Lexer
{
    private static readonly string[] Operators = ["==", "!=", "=~", "!~", "<=", ">=", "+", "-", "*", "/", "%", "^", "<", ">", "="];

    public static List<Token> Tokenize(string input)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < input.Length)
        {
            var c = input[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c == '#')
            {
                while (i < input.Length && input[i] != '\n')
                {
                    i++;
                }

                continue;
            }

            var start = i;
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < input.Length && char.IsAsciiDigit(input[i + 1])))
            {
                var duration = DurationPattern().Match(input, i);
                if (duration.Success && duration.Index == i)
                {
                    tokens.Add(new Token(TokenKind.Duration, duration.Value, start));
                    i += duration.Length;
                    continue;
                }

                var number = NumberPattern().Match(input, i);
                tokens.Add(new Token(TokenKind.Number, number.Value, start));
                i += Math.Max(1, number.Length);
                continue;
            }

            if (char.IsAsciiLetter(c) || c == '_' || c == ':')
            {
                while (i < input.Length && (char.IsAsciiLetterOrDigit(input[i]) || input[i] is '_' or ':'))
                {
                    i++;
                }

                var text = input[start..i];
                tokens.Add(new Token(text == ":" ? TokenKind.Colon : TokenKind.Identifier, text, start));
                continue;
            }

            if (c is '"' or '\'' or '`')
            {
                tokens.Add(new Token(TokenKind.String, ReadString(input, ref i), start));
                continue;
            }

            var single = c switch
            {
                '(' => TokenKind.LeftParen,
                ')' => TokenKind.RightParen,
                '{' => TokenKind.LeftBrace,
                '}' => TokenKind.RightBrace,
                '[' => TokenKind.LeftBracket,
                ']' => TokenKind.RightBracket,
                ',' => TokenKind.Comma,
                _ => (TokenKind?)null,
            };
            if (single is { } kind)
            {
                tokens.Add(new Token(kind, c.ToString(), start));
                i++;
                continue;
            }

            var op = Operators.FirstOrDefault(o => string.CompareOrdinal(input, i, o, 0, o.Length) == 0)
                ?? throw new PromQlParseException($"1:{i + 1}: parse error: unexpected character: '{c}'");
            tokens.Add(new Token(TokenKind.Operator, op, start));
            i += op.Length;
        }

        tokens.Add(new Token(TokenKind.End, "", input.Length));
        return tokens;
    }

    public static TimeSpan ParseDuration(string text)
    {
        var total = TimeSpan.Zero;
        foreach (Match m in DurationPart().Matches(text))
        {
            var n = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            total += m.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(n),
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                "d" => TimeSpan.FromDays(n),
                "w" => TimeSpan.FromDays(7 * n),
                _ => TimeSpan.FromDays(365 * n),
            };
        }

        return total;
    }

    public static double ParseNumber(string text)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return long.Parse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }

        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private static string ReadString(string input, ref int i)
    {
        var quote = input[i++];
        var sb = new StringBuilder();
        while (i < input.Length && input[i] != quote)
        {
            var c = input[i++];
            if (c != '\\' || quote == '`')
            {
                sb.Append(c);
                continue;
            }

            if (i >= input.Length)
            {
                break;
            }

            var e = input[i++];
            sb.Append(e switch
            {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                'a' => '\a',
                'b' => '\b',
                'f' => '\f',
                'v' => '\v',
                _ => e,
            });
        }

        if (i >= input.Length)
        {
            throw new PromQlParseException("parse error: unterminated quoted string");
        }

        i++;
        return sb.ToString();
    }

    [GeneratedRegex(@"\G(?:\d+(?:ms|s|m|h|d|w|y))+(?![A-Za-z0-9_:])")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"(\d+)(ms|s|m|h|d|w|y)")]
    private static partial Regex DurationPart();

    [GeneratedRegex(@"\G(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")]
    private static partial Regex NumberPattern();
}
