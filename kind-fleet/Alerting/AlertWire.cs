using System.Text.Json.Serialization;

namespace Kubernaut.KindFleet.Alerting;

/// <summary>An alert as POSTed to <c>/api/v2/alerts</c> (Alertmanager's postableAlert).</summary>
internal sealed record PostableAlert(
    [property: JsonPropertyName("labels")] Dictionary<string, string> Labels,
    [property: JsonPropertyName("annotations")] Dictionary<string, string>? Annotations = null,
    [property: JsonPropertyName("startsAt")] DateTimeOffset? StartsAt = null,
    [property: JsonPropertyName("endsAt")] DateTimeOffset? EndsAt = null,
    [property: JsonPropertyName("generatorURL")] string? GeneratorUrl = null);

/// <summary>One alert in a webhook notification (contracts.md §7.1).</summary>
internal sealed record WebhookAlert(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("labels")] SortedDictionary<string, string> Labels,
    [property: JsonPropertyName("annotations")] SortedDictionary<string, string> Annotations,
    [property: JsonPropertyName("startsAt")] string StartsAt,
    [property: JsonPropertyName("endsAt")] string EndsAt,
    [property: JsonPropertyName("generatorURL")] string GeneratorUrl,
    [property: JsonPropertyName("fingerprint")] string Fingerprint);

/// <summary>The Alertmanager webhook payload, version 4, fields in Alertmanager's order.</summary>
internal sealed record WebhookMessage(
    [property: JsonPropertyName("receiver")] string Receiver,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("alerts")] IReadOnlyList<WebhookAlert> Alerts,
    [property: JsonPropertyName("groupLabels")] SortedDictionary<string, string> GroupLabels,
    [property: JsonPropertyName("commonLabels")] SortedDictionary<string, string> CommonLabels,
    [property: JsonPropertyName("commonAnnotations")] SortedDictionary<string, string> CommonAnnotations,
    [property: JsonPropertyName("externalURL")] string ExternalUrl,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("groupKey")] string GroupKey,
    [property: JsonPropertyName("truncatedAlerts")] int TruncatedAlerts);

/// <summary>An alert as <c>GET /api/v2/alerts</c> returns it (Alertmanager's gettableAlert).</summary>
internal sealed record GettableAlert(
    [property: JsonPropertyName("annotations")] SortedDictionary<string, string> Annotations,
    [property: JsonPropertyName("endsAt")] string EndsAt,
    [property: JsonPropertyName("fingerprint")] string Fingerprint,
    [property: JsonPropertyName("receivers")] IReadOnlyList<GettableReceiver> Receivers,
    [property: JsonPropertyName("startsAt")] string StartsAt,
    [property: JsonPropertyName("status")] GettableStatus Status,
    [property: JsonPropertyName("updatedAt")] string UpdatedAt,
    [property: JsonPropertyName("generatorURL")] string GeneratorUrl,
    [property: JsonPropertyName("labels")] SortedDictionary<string, string> Labels);

internal sealed record GettableReceiver([property: JsonPropertyName("name")] string Name);

internal sealed record GettableStatus(
    [property: JsonPropertyName("inhibitedBy")] IReadOnlyList<string> InhibitedBy,
    [property: JsonPropertyName("silencedBy")] IReadOnlyList<string> SilencedBy,
    [property: JsonPropertyName("state")] string State);
