using System.Globalization;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.ApiServer;

/// <summary>
/// Server-side printing (<c>Accept: application/json;as=Table;g=meta.k8s.io;v=v1</c>), which is what
/// <c>kubectl get</c> renders: the built-in kinds' usual columns (priority 1 ones appear with <c>-o wide</c>),
/// and a CRD's additionalPrinterColumns.
/// </summary>
internal static partial class TablePrinter
{
    private delegate string Cell(JsonObject obj, DateTimeOffset now);

    private sealed record Column(string Name, string Type, Cell Value, int Priority = 0, string Format = "");

    public static JsonObject Render(ResourceType type, IReadOnlyList<JsonObject> items, string resourceVersion, DateTimeOffset now, bool includeObject)
    {
        var columns = ColumnsFor(type);
        var rows = new JsonArray();
        foreach (var item in items)
        {
            rows.Add(new JsonObject
            {
                ["cells"] = new JsonArray([.. columns.Select(c => CellValue(c, item, now))]),
                ["object"] = includeObject ? item.CloneObject() : PartialMetadata(item),
            });
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
            ["columnDefinitions"] = new JsonArray([.. columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["format"] = c.Format,
                ["description"] = "",
                ["priority"] = c.Priority,
            })]),
            ["rows"] = rows,
        };
    }

    /// <summary>Integer columns travel as JSON numbers, as the real apiserver sends them.</summary>
    private static JsonNode? CellValue(Column column, JsonObject item, DateTimeOffset now)
    {
        var text = column.Value(item, now);
        return column.Type == "integer" && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? JsonValue.Create(number)
            : JsonValue.Create(text);
    }

    private static IReadOnlyList<Column> ColumnsFor(ResourceType type)
    {
        if (Builtins.TryGetValue(type.GroupResource, out var builtin))
        {
            return builtin;
        }

        if (type.Columns.Count == 0)
        {
            return [NameColumn, AgeColumn];
        }

        var columns = new List<Column> { NameColumn };
        columns.AddRange(type.Columns.Select(c => new Column(c.Name, c.Type, (o, now) => c.Type == "date"
            ? Age(JsonPathLite.Evaluate(o, c.JsonPath), now)
            : JsonPathLite.Evaluate(o, c.JsonPath) ?? "", c.Priority)));
        if (!type.Columns.Any(c => c.Name == "Age"))
        {
            columns.Add(AgeColumn);
        }

        return columns;
    }

    private static JsonObject PartialMetadata(JsonObject item) => new()
    {
        ["kind"] = "PartialObjectMetadata",
        ["apiVersion"] = "meta.k8s.io/v1",
        ["metadata"] = item.Metadata().DeepClone(),
    };

    /// <summary>The age of a timestamp, or <c>&lt;unknown&gt;</c> when it is absent or unparsable.</summary>
    public static string Age(string? timestamp, DateTimeOffset now) =>
        DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var then)
            ? HumanDuration(now - then)
            : "<unknown>";

    /// <summary>kubectl's ages (apimachinery's duration.HumanDuration): 45s, 5m12s, 3h25m, 2d4h, 1y30d.</summary>
    public static string HumanDuration(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 120)
        {
            return $"{seconds}s";
        }

        var minutes = (long)d.TotalMinutes;
        if (minutes < 10)
        {
            return seconds % 60 == 0 ? $"{minutes}m" : $"{minutes}m{seconds % 60}s";
        }

        if (minutes < 180)
        {
            return $"{minutes}m";
        }

        var hours = (long)d.TotalHours;
        return hours switch
        {
            < 8 => minutes % 60 == 0 ? $"{hours}h" : $"{hours}h{minutes % 60}m",
            < 48 => $"{hours}h",
            < 24 * 8 => hours % 24 == 0 ? $"{hours / 24}d" : $"{hours / 24}d{hours % 24}h",
            < 24 * 365 * 2 => $"{hours / 24}d",
            < 24 * 365 * 8 => hours / 24 % 365 == 0 ? $"{hours / 24 / 365}y" : $"{hours / 24 / 365}y{hours / 24 % 365}d",
            _ => $"{hours / 24 / 365}y",
        };
    }
}
