using System.Text;

namespace Kubernaut.Bench.Measurement;

/// <summary>A two-column table of figures, printed once a benchmark finishes.</summary>
internal sealed class ResultTable(string title)
{
    private readonly List<(string Metric, string Value)> _rows = [];

    public void Add(string metric, string value) => _rows.Add((metric, value));

    public override string ToString()
    {
        var width = Math.Max(6, _rows.Max(r => r.Metric.Length));
        var text = new StringBuilder().AppendLine(title).AppendLine(new string('=', title.Length));
        text.AppendLine($"| {"Metric".PadRight(width)} | Value");
        text.AppendLine($"|{new string('-', width + 2)}|------");
        foreach (var (metric, value) in _rows)
        {
            text.AppendLine($"| {metric.PadRight(width)} | {value}");
        }

        return text.ToString();
    }

    public static string Megabytes(long bytes) => $"{bytes / 1024.0 / 1024.0:0.0} MiB";

    public static string Kilobytes(double bytes) => $"{bytes / 1024.0:0.0} KiB";
}
