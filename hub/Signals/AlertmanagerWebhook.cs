using System.Text.Json;
using Kubernaut.Hub.Remediation;

namespace Kubernaut.Hub.Signals;

/// <summary>
/// Alertmanager's webhook payload, version 4 (<c>notify/webhook/webhook.go</c>), read in place from the parsed
/// document. A grouped webhook carries dozens of alerts and most of them only need comparing with their neighbour,
/// so an alert's labels become a dictionary only when it goes through intake (<see cref="WebhookAlert.LabelMap"/>).
/// Property names are looked up as UTF-8 so no lookup transcodes or allocates.
/// </summary>
internal sealed class AlertmanagerWebhook : IDisposable
{
    private readonly JsonDocument _document;

    private AlertmanagerWebhook(JsonDocument document) => _document = document;

    /// <exception cref="JsonException">The body is not well-formed JSON.</exception>
    public static AlertmanagerWebhook Parse(ReadOnlyMemory<byte> body) => new(JsonDocument.Parse(body));

    public JsonElement Root => _document.RootElement;

    public bool IsObject => Root.ValueKind == JsonValueKind.Object;

    public string? Version => IsObject ? Root.StringProperty("version"u8) : null;

    public string? Status => IsObject ? Root.StringProperty("status"u8) : null;

    public string? Receiver => IsObject ? Root.StringProperty("receiver"u8) : null;

    /// <summary>The <c>truncatedAlerts</c> property as sent (absent means none were truncated).</summary>
    public JsonElement? TruncatedAlertsElement => IsObject && Root.TryGetProperty("truncatedAlerts"u8, out var truncated) ? truncated : null;

    public int TruncatedAlerts => TruncatedAlertsElement is { ValueKind: JsonValueKind.Number } n && n.TryGetInt32(out var count) ? count : 0;

    public JsonElement? AlertsElement => IsObject && Root.TryGetProperty("alerts"u8, out var alerts) ? alerts : null;

    /// <summary>The alerts, once <see cref="AlertmanagerValidation.Validate"/> has found them well-formed.</summary>
    public IReadOnlyList<WebhookAlert> Alerts()
    {
        var array = AlertsElement!.Value;
        var alerts = new List<WebhookAlert>(array.GetArrayLength());
        foreach (var alert in array.EnumerateArray())
        {
            alerts.Add(new WebhookAlert(alert, alert.GetProperty("labels"u8)));
        }

        return alerts;
    }

    public void Dispose() => _document.Dispose();
}

/// <summary>One well-formed alert of a webhook, read from the document without copying.</summary>
internal readonly record struct WebhookAlert(JsonElement Element, JsonElement Labels)
{
    public bool IsFiring => Element.GetProperty("status"u8).ValueEquals(SignalStates.FiringUtf8);

    public string State => IsFiring ? SignalStates.Firing : SignalStates.Resolved;

    public string? Label(ReadOnlySpan<byte> utf8Name) =>
        Labels.TryGetProperty(utf8Name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public Dictionary<string, string> LabelMap() => Element.StringMap("labels"u8);

    public Dictionary<string, string> AnnotationMap() => Element.StringMap("annotations"u8);

    /// <summary><c>startsAt</c>; validation has checked it is absent or an RFC 3339 time.</summary>
    public DateTimeOffset? StartsAt =>
        Element.TryGetProperty("startsAt"u8, out var starts) && starts.ValueKind == JsonValueKind.String && starts.TryGetDateTimeOffset(out var at) ? at : null;
}

internal static class WebhookJson
{
    public static string? StringProperty(this JsonElement element, ReadOnlySpan<byte> utf8Name) =>
        element.TryGetProperty(utf8Name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A string-to-string object property as a dictionary (empty when absent); validation has checked its shape.</summary>
    public static Dictionary<string, string> StringMap(this JsonElement element, ReadOnlySpan<byte> utf8Name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.TryGetProperty(utf8Name, out var obj) && obj.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in obj.EnumerateObject())
            {
                map[property.Name] = property.Value.GetString()!;
            }
        }

        return map;
    }
}
