using System.Globalization;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Json;

namespace Kubernaut.KindFleet.Controllers.Support;

/// <summary>An intstr.IntOrString such as maxSurge ("25%" or 1) resolved against a total.</summary>
internal static class IntOrPercent
{
    public static int Resolve(JsonNode? value, int total, bool roundUp, int fallback)
    {
        var text = value.ScalarText();
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        if (text.EndsWith('%') && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var percent))
        {
            var scaled = percent * total / 100.0;
            return (int)(roundUp ? Math.Ceiling(scaled) : Math.Floor(scaled));
        }

        return int.TryParse(text.Trim('"'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : fallback;
    }
}
