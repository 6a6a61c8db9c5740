using System.Text;

namespace Kubernaut.KindFleet.Metrics;

/// <summary>Renders families in the Prometheus text exposition format, version 0.0.4.</summary>
internal static class TextExposition
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Render(IEnumerable<ExposedFamily> families)
    {
        var sb = new StringBuilder();
        foreach (var family in families)
        {
            var help = string.IsNullOrEmpty(family.Help) ? $"{family.Name} from the kind-fleet workload simulation" : family.Help;
            sb.Append("# HELP ").Append(family.Name).Append(' ').Append(EscapeHelp(help)).Append('\n');
            sb.Append("# TYPE ").Append(family.Name).Append(' ').Append(family.Type.ToString().ToLowerInvariant()).Append('\n');
            foreach (var sample in family.Samples)
            {
                AppendSample(sb, sample);
            }
        }

        return sb.ToString();
    }

    private static void AppendSample(StringBuilder sb, MetricSample sample)
    {
        sb.Append(sample.Labels.Name);
        var first = true;
        foreach (var (name, value) in sample.Labels)
        {
            if (name == LabelSet.MetricName)
            {
                continue;
            }

            sb.Append(first ? '{' : ',').Append(name).Append("=\"").Append(EscapeLabelValue(value)).Append('"');
            first = false;
        }

        if (!first)
        {
            sb.Append('}');
        }

        sb.Append(' ').Append(GoFloat.FormatG(sample.Value)).Append('\n');
    }

    private static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
