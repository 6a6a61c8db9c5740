using System.Text.Json.Serialization;

namespace Kubernaut.Hub.Verification;

/// <summary>The baseline taken when the window opens, persisted so a restarted hub judges against the same one.</summary>
internal sealed class VerificationProgress
{
    [JsonPropertyName("workflow")]
    public string Workflow { get; set; } = "";

    [JsonPropertyName("startedAt")]
    public DateTimeOffset StartedAt { get; set; }

    [JsonPropertyName("windowEndsAt")]
    public DateTimeOffset WindowEndsAt { get; set; }

    /// <summary>Workload (kind/namespace/name) → hash of its spec at the start.</summary>
    [JsonPropertyName("specHashes")]
    public Dictionary<string, string> SpecHashes { get; set; } = [];

    /// <summary>Pod → container restarts at the start.</summary>
    [JsonPropertyName("restarts")]
    public Dictionary<string, int> Restarts { get; set; } = [];

    /// <summary>Health problems seen in any sample during the window.</summary>
    [JsonPropertyName("problems")]
    public List<string> Problems { get; set; } = [];

    /// <summary>Each metric check's query (parameters filled in) → its value when the window opened.</summary>
    [JsonPropertyName("metricsBefore")]
    public Dictionary<string, double?> MetricsBefore { get; set; } = [];

    [JsonPropertyName("samples")]
    public int Samples { get; set; }
}
