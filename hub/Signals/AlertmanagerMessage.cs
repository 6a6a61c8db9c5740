using System.Text.Json.Serialization;

namespace Kubernaut.Hub.Signals;

/// <summary>Source-generated reading of the webhook: the receiver's hot path parses thousands of alerts a second.</summary>
[JsonSerializable(typeof(AlertmanagerMessage))]
internal sealed partial class AlertmanagerJsonContext : JsonSerializerContext;

/// <summary>Alertmanager's webhook payload, version 4 (<c>notify/webhook/webhook.go</c>).</summary>
internal sealed record AlertmanagerMessage(
    [property: JsonPropertyName("version")] string? Version,
    [property: JsonPropertyName("groupKey")] string? GroupKey,
    [property: JsonPropertyName("truncatedAlerts")] int? TruncatedAlerts,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("receiver")] string? Receiver,
    [property: JsonPropertyName("groupLabels")] Dictionary<string, string>? GroupLabels,
    [property: JsonPropertyName("commonLabels")] Dictionary<string, string>? CommonLabels,
    [property: JsonPropertyName("commonAnnotations")] Dictionary<string, string>? CommonAnnotations,
    [property: JsonPropertyName("externalURL")] string? ExternalUrl,
    [property: JsonPropertyName("alerts")] List<AlertmanagerAlert>? Alerts);

internal sealed record AlertmanagerAlert(
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("labels")] Dictionary<string, string>? Labels,
    [property: JsonPropertyName("annotations")] Dictionary<string, string>? Annotations,
    [property: JsonPropertyName("startsAt")] DateTimeOffset? StartsAt,
    [property: JsonPropertyName("endsAt")] DateTimeOffset? EndsAt,
    [property: JsonPropertyName("generatorURL")] string? GeneratorUrl,
    [property: JsonPropertyName("fingerprint")] string? Fingerprint);

/// <summary>What the receiver answers Alertmanager (and a human reading its logs).</summary>
internal sealed record AlertmanagerReceipt(
    [property: JsonPropertyName("accepted")] int Accepted,
    [property: JsonPropertyName("remediations")] IReadOnlyList<ReceiptItem> Remediations,
    [property: JsonPropertyName("rejected")] IReadOnlyList<RejectedAlert> Rejected,
    [property: JsonPropertyName("truncatedAlerts")] int TruncatedAlerts);

/// <summary>
/// One accepted alert. <c>coalesced</c>: a repeat counted in memory on a request this replica knows open; it reaches the
/// request's <c>occurrenceCount</c> within <c>Signals:OccurrenceFlushInterval</c>, and <c>occurrenceCount</c> here is the
/// count as this replica knows it (other replicas' unflushed repeats not included).
/// </summary>
internal sealed record ReceiptItem(
    [property: JsonPropertyName("alert")] int Alert,
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("created")] bool Created,
    [property: JsonPropertyName("occurrenceCount")] int OccurrenceCount,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("coalesced")] bool Coalesced = false);

internal sealed record RejectedAlert(
    [property: JsonPropertyName("alert")] int Alert,
    [property: JsonPropertyName("alertname")] string? AlertName,
    [property: JsonPropertyName("reason")] string Reason);
