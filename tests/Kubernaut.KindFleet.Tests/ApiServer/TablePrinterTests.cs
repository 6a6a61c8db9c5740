using System.Text.Json.Nodes;
using Kubernaut.KindFleet.ApiServer;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Tests.ApiServer;

public sealed class TablePrinterTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(45, "45s")]
    [InlineData(119, "119s")]
    [InlineData(120, "2m")]
    [InlineData(312, "5m12s")]
    [InlineData(599, "9m59s")]
    [InlineData(600, "10m")]
    [InlineData(3 * 3600 - 1, "179m")]
    [InlineData(3 * 3600, "3h")]
    [InlineData((3 * 3600) + (25 * 60), "3h25m")]
    [InlineData(8 * 3600, "8h")]
    [InlineData(47 * 3600, "47h")]
    [InlineData(52 * 3600, "2d4h")]
    [InlineData(72 * 3600, "3d")]
    [InlineData(30 * 86400, "30d")]
    [InlineData((2 * 365 * 86400) + (10 * 86400), "2y10d")]
    [InlineData(9 * 365 * 86400, "9y")]
    public void Age_ElapsedSeconds_PrintsLikeKubectl(long seconds, string expected)
    {
        var created = Now.AddSeconds(-seconds).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(expected, TablePrinter.Age(created, Now));
    }

    [Fact]
    public void Age_ClockSkewOfOneSecond_IsZero()
    {
        Assert.Equal("0s", TablePrinter.Age("2026-03-01T12:00:01Z", Now));
        Assert.Equal("<invalid>", TablePrinter.Age("2026-03-01T12:00:05Z", Now));
        Assert.Equal("<unknown>", TablePrinter.Age(null, Now));
    }

    [Fact]
    public void Render_ConfigMap_CountsDataAndBinaryDataAsNumber()
    {
        var type = BuiltinResources.All.Single(t => t.Plural == "configmaps");
        var cm = JsonNode.Parse("""{"metadata":{"name":"c","creationTimestamp":"2026-03-01T11:59:00Z"},"data":{"a":"1","b":"2"},"binaryData":{"c":"AA=="}}""")!.AsObject();

        var table = TablePrinter.Render(type, [cm], "7", Now, includeObject: false);

        var cells = table["rows"]![0]!["cells"]!.AsArray();
        Assert.Equal("c", cells[0]!.GetValue<string>());
        Assert.Equal(3, cells[1]!.GetValue<long>());
        Assert.Equal("60s", cells[2]!.GetValue<string>());
        Assert.Equal("PartialObjectMetadata", table["rows"]![0]!["object"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public void Render_Nodes_MarksWideColumnsWithPriorityOne()
    {
        var type = BuiltinResources.All.Single(t => t.Plural == "nodes");

        var table = TablePrinter.Render(type, [], "1", Now, includeObject: false);

        var wide = table["columnDefinitions"]!.AsArray().Where(c => c!["priority"]!.GetValue<int>() == 1).Select(c => c!["name"]!.GetValue<string>());
        Assert.Equal(["Internal-IP", "External-IP", "OS-Image", "Kernel-Version", "Container-Runtime"], wide);
    }

    [Fact]
    public void Render_CrdColumns_EvaluateJsonPathAndAppendAge()
    {
        var type = new ResourceType("example.com", "v1", "Widget", "widgets", true, [], [],
            [new PrinterColumn("Size", "integer", ".spec.size"), new PrinterColumn("Phase", "string", ".status.phase")]);
        var widget = JsonNode.Parse("""{"metadata":{"name":"w","creationTimestamp":"2026-03-01T11:00:00Z"},"spec":{"size":4},"status":{"phase":"Ready"}}""")!.AsObject();

        var table = TablePrinter.Render(type, [widget], "1", Now, includeObject: true);

        Assert.Equal(["Name", "Size", "Phase", "Age"], table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal("""["w",4,"Ready","60m"]""", table["rows"]![0]!["cells"]!.ToJsonString());
        Assert.Equal("w", table["rows"]![0]!["object"]!["metadata"]!["name"]!.GetValue<string>());
    }
}
