using Kubernaut.KindFleet.PromQl;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Kubernaut.KindFleet.Alerting;

/// <summary>A rule of a Prometheus rule file: an alerting rule (<c>alert</c>) or a recording rule (<c>record</c>).</summary>
internal sealed record AlertRule(string? Alert, string? Record, string Expr, Expr Parsed, TimeSpan For, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations);

internal sealed record RuleGroup(string Name, TimeSpan? Interval, IReadOnlyList<AlertRule> Rules);

/// <summary>Reads Prometheus' rule file format (groups[].rules[]) and checks every expression parses.</summary>
internal static class AlertRules
{
    public static IReadOnlyList<RuleGroup> Parse(string yaml)
    {
        var file = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).IgnoreUnmatchedProperties().Build()
            .Deserialize<RuleFile>(yaml) ?? new RuleFile();
        return [.. file.Groups.Select(g => new RuleGroup(g.Name, g.Interval is null ? null : Lexer.ParseDuration(g.Interval), [.. g.Rules.Select(ToRule)]))];
    }

    private static AlertRule ToRule(RuleSection r)
    {
        if ((r.Alert is null) == (r.Record is null))
        {
            throw new InvalidOperationException("a rule needs exactly one of alert or record");
        }

        Expr parsed;
        try
        {
            parsed = Parser.Parse(r.Expr);
        }
        catch (PromQlParseException e)
        {
            throw new InvalidOperationException($"rule {r.Alert ?? r.Record}: {e.Message}", e);
        }

        return new AlertRule(r.Alert, r.Record, r.Expr, parsed, r.For is null ? TimeSpan.Zero : Lexer.ParseDuration(r.For), r.Labels, r.Annotations);
    }

    private sealed class RuleFile
    {
        public List<GroupSection> Groups { get; set; } = [];
    }

    private sealed class GroupSection
    {
        public string Name { get; set; } = "";

        public string? Interval { get; set; }

        public List<RuleSection> Rules { get; set; } = [];
    }

    private sealed class RuleSection
    {
        public string? Alert { get; set; }

        public string? Record { get; set; }

        public string Expr { get; set; } = "";

        public string? For { get; set; }

        public Dictionary<string, string> Labels { get; set; } = [];

        public Dictionary<string, string> Annotations { get; set; } = [];
    }
}
