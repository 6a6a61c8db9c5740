using System.Globalization;

namespace Kubernaut.KindFleet.Alerting;

/// <summary>Alertmanager's alert fingerprint and Go's time formatting, so payloads match a real Alertmanager's byte for byte.</summary>
internal static class AlertIdentity
{
    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;
    private const byte Separator = 0xff;

    /// <summary>prometheus/common model.LabelSet.Fingerprint: FNV-1a over sorted name/value pairs, each followed by 0xff.</summary>
    public static string Fingerprint(IReadOnlyDictionary<string, string> labels)
    {
        var hash = FnvOffset;
        foreach (var (name, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            hash = Add(Add(hash, name), value);
        }

        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }

    /// <summary>Go's RFC3339Nano in UTC ("Z", fraction without trailing zeros); the zero time for null.</summary>
    public static string GoTime(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture) : "0001-01-01T00:00:00Z";

    /// <summary>model.LabelSet.String(): <c>{a="1", b="2"}</c>, sorted.</summary>
    public static string LabelSetString(IReadOnlyDictionary<string, string> labels) =>
        "{" + string.Join(", ", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{Escape(l.Value)}\"")) + "}";

    private static string Escape(string v) => v.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static ulong Add(ulong hash, string s)
    {
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(s))
        {
            hash = (hash ^ b) * FnvPrime;
        }

        return (hash ^ Separator) * FnvPrime;
    }
}
