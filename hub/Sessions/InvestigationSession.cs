using System.Text.Json.Serialization;
using Kubernaut.Hub.Remediation;

namespace Kubernaut.Hub.Sessions;

/// <summary>
/// The <c>kubernaut.ai/v1alpha1</c> InvestigationSession custom resource (ocm-manifests/crds/investigationsession.yaml):
/// the interactive context of one RemediationRequest, kept on the hub cluster so it outlives any hub process.
/// </summary>
internal sealed class InvestigationSession() : KubernautResource<InvestigationSessionSpec, InvestigationSessionStatus>(KindName)
{
    public const string Plural = "investigationsessions";
    public const string KindName = "InvestigationSession";
    public const string RemediationLabel = "kubernaut.ai/remediation";

    /// <summary>How many turns the status keeps; older ones remain in the audit trail.</summary>
    public const int MaxTurns = 50;

    /// <summary>One session per request, so every protocol and every replica finds the same one: <c>is-&lt;rr name&gt;</c>.</summary>
    public static string NameFor(string remediationId) => "is-" + remediationId;
}

internal sealed class InvestigationSessionSpec
{
    [JsonPropertyName("remediationId")]
    public string RemediationId { get; set; } = "";

    [JsonPropertyName("via")]
    public string Via { get; set; } = "";

    [JsonPropertyName("externalIds")]
    public List<string> ExternalIds { get; set; } = [];
}

internal sealed class InvestigationSessionStatus
{
    [JsonPropertyName("driver")]
    public string? Driver { get; set; }

    [JsonPropertyName("participants")]
    public List<SessionParticipant> Participants { get; set; } = [];

    [JsonPropertyName("turns")]
    public List<SessionTurn> Turns { get; set; } = [];

    [JsonPropertyName("lastCursor")]
    public long LastCursor { get; set; }
}

internal sealed class SessionParticipant
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("via")]
    public string Via { get; set; } = "";

    [JsonPropertyName("joinedAt")]
    public DateTimeOffset JoinedAt { get; set; }

    [JsonPropertyName("lastSeenAt")]
    public DateTimeOffset LastSeenAt { get; set; }
}

internal sealed record SessionTurn(
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("by")] string By,
    [property: JsonPropertyName("via")] string Via,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("reply")] string Reply);
