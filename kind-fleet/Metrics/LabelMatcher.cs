using System.Text.RegularExpressions;

namespace Kubernaut.KindFleet.Metrics;

internal enum LabelMatchType
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

    public LabelMatcher(string name, LabelMatchType type, string value)
    {
        Name = name;
        Type = type;
        Value = value;
        if (type is LabelMatchType.Regex or LabelMatchType.NotRegex)
        {
            _regex = new Regex("^(?:" + value + ")$", RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
        }
    }

    public string Name { get; }

    public LabelMatchType Type { get; }

    public string Value { get; }

    /// <summary>An absent label matches as the empty string.</summary>
    public bool Matches(string? value)
    {
        value ??= "";
        return Type switch
        {
            LabelMatchType.Equal => value == Value,
            LabelMatchType.NotEqual => value != Value,
            LabelMatchType.Regex => _regex!.IsMatch(value),
            _ => !_regex!.IsMatch(value),
        };
    }

    public bool Matches(LabelSet labels) => Matches(labels.Get(Name));

    public override string ToString() => Name + Type switch
    {
        LabelMatchType.Equal => "=",
        LabelMatchType.NotEqual => "!=",
        LabelMatchType.Regex => "=~",
        _ => "!~",
    } + "\"" + Value + "\"";
}
