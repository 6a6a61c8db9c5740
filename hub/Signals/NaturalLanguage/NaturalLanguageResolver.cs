using System.Text.Json.Serialization;
using Kubernaut.Hub.Fleet;

namespace Kubernaut.Hub.Signals.NaturalLanguage;

/// <summary>How a text was read: the target it names, or what is missing to name one.</summary>
internal sealed record Resolution
{
    [JsonPropertyName("cluster")]
    public string? Cluster { get; init; }

    [JsonPropertyName("namespace")]
    public string? Namespace { get; init; }

    [JsonPropertyName("kind")]
    public string? Kind { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("symptom")]
    public string Symptom { get; init; } = SymptomClassifier.Unspecified;

    [JsonPropertyName("evidence")]
    public IReadOnlyList<string> Evidence { get; init; } = [];

    /// <summary>What the text lacks: <c>cluster</c>, <c>service</c> (and why, in <see cref="Problem"/>).</summary>
    [JsonPropertyName("missing")]
    public IReadOnlyList<string> Missing { get; init; } = [];

    [JsonPropertyName("problem")]
    public string? Problem { get; init; }

    [JsonPropertyName("candidates")]
    public IReadOnlyList<string> Candidates { get; init; } = [];

    [JsonIgnore]
    public SpokeWorkload? Workload { get; init; }

    [JsonIgnore]
    public bool IsResolved => Workload is not null && Missing.Count == 0;
}

/// <summary>
/// Reads cluster, workload and symptom from free text against the live fleet inventory, offline and deterministically.
/// It never guesses: a text that names no known cluster or service, or could mean two, gets a resolution saying which
/// part is missing or ambiguous, with the candidates.
/// </summary>
internal sealed class NaturalLanguageResolver(FleetInventory fleet)
{
    /// <summary>The runner-up must score below this fraction of the best match for the best to count as meant.</summary>
    private const double ClearMargin = 0.8;

    public async Task<Resolution> ResolveAsync(string text, string? clusterHint, CancellationToken ct)
    {
        var tokens = Tokens.Of(text);
        var normalised = Tokens.Normalised(text);
        var (symptom, symptomWords) = SymptomClassifier.Classify(tokens);
        var symptomEvidence = symptomWords.Count > 0 ? $"symptom {symptom} from \"{string.Join("\", \"", symptomWords)}\"" : "no symptom words; reported as degradation";
        var clusters = await fleet.ClustersAsync(ct);
        if (clusters.Count == 0)
        {
            return Missing(symptom, "cluster", "no ManagedClusters are registered on this hub", []);
        }

        IReadOnlyList<ManagedClusterInfo> named;
        if (!string.IsNullOrWhiteSpace(clusterHint))
        {
            named = [.. clusters.Where(c => c.Name == clusterHint.Trim())];
            if (named.Count == 0)
            {
                return Missing(symptom, "cluster", $"cluster \"{clusterHint}\" is not a ManagedCluster on this hub", clusters.Select(c => c.Name));
            }
        }
        else
        {
            named = ClusterMatcher.Named(clusters, tokens, normalised);
        }

        if (named.Count > 1)
        {
            return Missing(symptom, "cluster", $"the text could mean more than one cluster: {string.Join(", ", named.Select(c => c.Name))}; name one", named.Select(c => c.Name));
        }

        var searched = named.Count == 1 ? named : clusters;
        var matches = new List<WorkloadMatch>();
        foreach (var cluster in searched)
        {
            matches.AddRange((await fleet.WorkloadsAsync(cluster.Name, ct)).Select(w => WorkloadMatcher.Score(w, tokens, normalised)).OfType<WorkloadMatch>());
        }

        matches = [.. matches.OrderByDescending(m => m.Score).ThenBy(m => m.Workload.Ref.Name, StringComparer.Ordinal)];
        if (matches.Count == 0)
        {
            var where = named.Count == 1 ? $"in {named[0].Name}" : "in any managed cluster";
            var missing = named.Count == 1 ? new[] { "service" } : ["cluster", "service"];
            return new Resolution
            {
                Cluster = named.Count == 1 ? named[0].Name : null,
                Symptom = symptom,
                Missing = missing,
                Problem = $"the text names no known service {where}" + (named.Count == 0 ? " and no known cluster" : "") +
                    $" (known clusters: {string.Join(", ", clusters.Select(c => c.Name))})",
            };
        }

        var best = matches[0];
        var rivals = matches.Skip(1).Where(m => m.Score >= best.Score * ClearMargin && !SameTarget(m, best)).ToList();
        if (rivals.Count > 0)
        {
            var crossCluster = named.Count == 0 && rivals.Any(r => r.Workload.Cluster != best.Workload.Cluster);
            return Missing(symptom, crossCluster ? "cluster" : "service",
                $"the text fits more than one {(crossCluster ? "cluster's service" : "service")} equally well; name it exactly",
                new[] { best }.Concat(rivals).Select(Describe));
        }

        var evidence = new List<string>(best.Evidence) { symptomEvidence };
        if (named.Count == 0)
        {
            evidence.Add($"cluster {best.Workload.Cluster} inferred: the only cluster where this service matches");
        }

        return new Resolution
        {
            Cluster = best.Workload.Cluster,
            Namespace = best.Workload.Ref.Namespace,
            Kind = best.Workload.Ref.Kind,
            Name = best.Workload.Ref.Name,
            Symptom = symptom,
            Evidence = evidence,
            Workload = best.Workload,
        };
    }

    private static bool SameTarget(WorkloadMatch a, WorkloadMatch b) => a.Workload.Cluster == b.Workload.Cluster && a.Workload.Ref == b.Workload.Ref;

    private static string Describe(WorkloadMatch m) => $"{m.Workload.Cluster}/{m.Workload.Ref.Namespace}/{m.Workload.Ref.Kind}/{m.Workload.Ref.Name}";

    private static Resolution Missing(string symptom, string what, string problem, IEnumerable<string> candidates) => new()
    {
        Symptom = symptom,
        Missing = [what],
        Problem = problem,
        Candidates = [.. candidates],
    };
}
