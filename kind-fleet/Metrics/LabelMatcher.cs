using System.Text.RegularExpressions;

namespace Kubernaut.KindFleet.Metrics;

internal enum MatchType
{
    Equal,
    NotEqual,
    Regex,
    NotRegex,
}

/// <summary>One label matcher of a series selector; regexes are fully anchored, as in Prometheus.</summary>
internal sealed record LabelMatcher
{
    private readonly Regex? _regex;

    public LabelMatcher(string name, MatchType type, string value)
    {
        Name = name;
        Type = type;
        Value = value;
        if (type is MatchType.Regex or MatchType.NotRegex)
        {
            _regex = new Regex("^(?:" + value + ")$", RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
        }
    }

    public string Name { get; }

    public MatchType Type { get; }

    public string Value { get; }

    /// <summary>An absent label matches as the empty string.</summary>
    public bool Matches(string? value)
    {
        value ??= "";
        return Type switch
        {
            MatchType.Equal => value == Value,
            MatchType.NotEqual => value != Value,
            MatchType.Regex => _regex!.IsMatch(value),
            _ => !_regex!.IsMatch(value),
        };
    }

    public bool Matches(LabelSet labels) => Matches(labels.Get(Name));

    public override string ToString() => Name + Type switch
    {
        MatchType.Equal => "=",
        MatchType.NotEqual => "!=",
        MatchType.Regex => "=~",
        _ => "!~",
    } + "\"" + Value + "\"";
}
