using System.Text.Json.Serialization;

namespace Kubernaut.Hub.Signals;

/// <summary>Source-generated writing of the receipt, answered thousands of times a second.</summary>
[JsonSerializable(typeof(AlertmanagerReceipt))]
internal sealed partial class AlertmanagerJsonContext : JsonSerializerContext;

/// <summary>What the receiver answers Alertmanager (and a human reading its logs); <c>accepted</c> counts alerts.</summary>
internal sealed record AlertmanagerReceipt(
    [property: JsonPropertyName("accepted")] int Accepted,
    [property: JsonPropertyName("remediations")] IReadOnlyList<ReceiptItem> Remediations,
    [property: JsonPropertyName("rejected")] IReadOnlyList<RejectedAlert> Rejected,
    [property: JsonPropertyName("truncatedAlerts")] int TruncatedAlerts);

/// <summary>
/// One run of consecutive accepted alerts that counted on the same request: alerts <c>alert</c> to
/// <c>alert + alerts - 1</c> of the webhook (a group of pods of one workload is one line, not one per pod).
/// <c>occurrenceCount</c> is the count once the run's last alert was counted. <c>coalesced</c>: the run was counted in
/// memory on a request this replica knows open; it reaches the request's <c>occurrenceCount</c> within
/// <c>Signals:OccurrenceFlushInterval</c>, and <c>occurrenceCount</c> here is the count as this replica knows it (other
/// replicas' unflushed repeats not included).
/// </summary>
internal sealed record ReceiptItem(
    [property: JsonPropertyName("alert")] int Alert,
    [property: JsonPropertyName("alerts")] int Alerts,
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("created")] bool Created,
    [property: JsonPropertyName("occurrenceCount")] int OccurrenceCount,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("coalesced")] bool Coalesced = false);

internal sealed record RejectedAlert(
    [property: JsonPropertyName("alert")] int Alert,
    [property: JsonPropertyName("alertname")] string? AlertName,
    [property: JsonPropertyName("reason")] string Reason);
