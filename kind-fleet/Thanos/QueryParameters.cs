using System.Globalization;
using Kubernaut.KindFleet.PromQl;
using Microsoft.Extensions.Primitives;

namespace Kubernaut.KindFleet.Thanos;

/// <summary>A request's parameters, from the query string and (for POST) the urlencoded form, as Prometheus reads them.</summary>
internal sealed class QueryParameters
{
    private readonly Dictionary<string, StringValues> _values = new(StringComparer.Ordinal);

    private QueryParameters()
    {
    }

    public static async Task<QueryParameters> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var p = new QueryParameters();
        foreach (var (k, v) in request.Query)
        {
            p._values[k] = v;
        }

        if (request.HasFormContentType)
        {
            foreach (var (k, v) in await request.ReadFormAsync(ct))
            {
                p._values[k] = p._values.TryGetValue(k, out var existing) ? StringValues.Concat(existing, v) : v;
            }
        }

        return p;
    }

    public string? Get(string name) => _values.TryGetValue(name, out var v) && v.Count > 0 ? v[0] : null;

    /// <summary>All values of a repeatable parameter, written with or without the <c>[]</c> suffix.</summary>
    public IReadOnlyList<string> All(string name) =>
        [.. (_values.GetValueOrDefault(name + "[]").Concat(_values.GetValueOrDefault(name))).OfType<string>()];

    public DateTimeOffset Time(string name, DateTimeOffset fallback) => Get(name) is { Length: > 0 } s ? ParseTime(s, name) : fallback;

    public bool? Bool(string name)
    {
        var s = Get(name);
        if (string.IsNullOrEmpty(s))
        {
            return null;
        }

        return s.ToLowerInvariant() switch
        {
            "1" or "t" or "true" => true,
            "0" or "f" or "false" => false,
            _ => throw new BadDataException($"cannot parse parameter {name}: invalid boolean \"{s}\""),
        };
    }

    /// <summary>Unix seconds (fractional allowed) or RFC 3339, like Prometheus' parseTime.</summary>
    public static DateTimeOffset ParseTime(string s, string name)
    {
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
        }

        return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : throw new BadDataException($"invalid parameter \"{name}\": cannot parse \"{s}\" to a valid timestamp");
    }

    /// <summary>A Prometheus duration ("15s", "1m30s") or float seconds.</summary>
    public static TimeSpan ParseDuration(string s, string name)
    {
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromMilliseconds(Math.Round(seconds * 1000));
        }

        var tokens = Lexer.Tokenize(s);
        return tokens is [{ Kind: TokenKind.Duration } d, { Kind: TokenKind.End }]
            ? Lexer.ParseDuration(d.Text)
            : throw new BadDataException($"invalid parameter \"{name}\": cannot parse \"{s}\" to a valid duration");
    }
}

/// <summary>A request the API rejects as malformed: HTTP 400, <c>errorType: bad_data</c>.</summary>
internal sealed class BadDataException(string message) : Exception(message);
