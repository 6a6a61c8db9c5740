using System.Text.RegularExpressions;
using k8s;
using ModelContextProtocol;

namespace Kubernaut.SpokeAddon.Kubernetes;

public sealed record LogExcerpt(string Pod, string Container, bool Previous, string? Pattern, int LinesScanned, int Matched, IReadOnlyList<string> Lines);

/// <summary>Container logs: tail, since, previous instance, and a pattern filter applied before the tail is cut.</summary>
public sealed class LogReader(IKubernetes kube)
{
    // With a pattern, scan this many lines so that the matches are not limited to the tail alone.
    private const int PatternScanLines = 5000;

    public async Task<LogExcerpt> ReadAsync(string ns, string pod, string? container, int tail, int? sinceSeconds, string? pattern, bool previous, CancellationToken ct)
    {
        if (container is null)
        {
            var spec = await KubeErrors.ReadAsync($"pod {ns}/{pod}", () => kube.CoreV1.ReadNamespacedPodAsync(pod, ns, cancellationToken: ct));
            container = spec.Spec.Containers.FirstOrDefault()?.Name ?? throw new McpException($"pod {ns}/{pod} has no containers");
        }

        var filter = Compile(pattern);
        var what = $"{(previous ? "previous " : "")}logs of {ns}/{pod} container {container}";
        await using var stream = await KubeErrors.ReadAsync(what, () => kube.CoreV1.ReadNamespacedPodLogAsync(
            pod, ns, container, previous: previous, sinceSeconds: sinceSeconds, tailLines: filter is null ? tail : Math.Max(tail, PatternScanLines), cancellationToken: ct));
        using var reader = new StreamReader(stream);
        var scanned = 0;
        var matches = new List<string>();
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            scanned++;
            if (filter is null || filter.IsMatch(line))
            {
                matches.Add(line);
            }
        }

        return new LogExcerpt(pod, container, previous, pattern, scanned, matches.Count, matches.TakeLast(tail).ToList());
    }

    private static Regex? Compile(string? pattern)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return null;
        }

        try
        {
            return new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));
        }
        catch (ArgumentException)
        {
            // Not a regular expression: match it literally.
            return new Regex(Regex.Escape(pattern), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }
    }
}
