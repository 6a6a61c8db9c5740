using System.Text.Json.Nodes;
using Kubernaut.KindFleet.ApiServer;

namespace Kubernaut.KindFleet.Tests.ApiServer;

public sealed class JsonPathLiteTests
{
    private static readonly JsonObject Obj = JsonNode.Parse("""
        {"spec":{"replicas":3,"paused":false,"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:2"}]},
         "status":{"conditions":[{"type":"Available","status":"True"},{"type":"Ready","status":"False","reason":"Booting"}]}}
        """)!.AsObject();

    [Theory]
    [InlineData(".spec.replicas", "3")]
    [InlineData("{.spec.replicas}", "3")]
    [InlineData(".spec.paused", "false")]
    [InlineData(".spec.containers[1].image", "b:2")]
    [InlineData(".status.conditions[?(@.type==\"Ready\")].reason", "Booting")]
    [InlineData(".status.conditions[?(@.type=='Available')].status", "True")]
    public void Evaluate_PrinterColumnPaths_ReturnScalarText(string path, string expected)
    {
        Assert.Equal(expected, JsonPathLite.Evaluate(Obj, path));
    }

    [Theory]
    [InlineData(".spec.missing")]
    [InlineData(".spec.containers[5].image")]
    [InlineData(".status.conditions[?(@.type==\"Nope\")].status")]
    [InlineData(".spec.replicas.deeper")]
    public void Evaluate_AbsentPaths_ReturnNull(string path)
    {
        Assert.Null(JsonPathLite.Evaluate(Obj, path));
    }
}
