using System.Net;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Patching;
using Kubernaut.KindFleet.Storage;

namespace Kubernaut.KindFleet.Tests.Patching;

public sealed class JsonPatchTests
{
    private static JsonNode Doc() => JsonNode.Parse("""{"metadata":{"labels":{"a/b":"1"}},"spec":{"list":[1,2,3],"x":"y"}}""")!;

    private static string Apply(string ops) => JsonPatch.Apply(Doc(), JsonNode.Parse(ops)!.AsArray()).ToJsonString();

    [Fact]
    public void Apply_AddReplaceRemove_ChangeTheDocument()
    {
        var result = Apply("""
            [{"op":"add","path":"/spec/z","value":{"k":true}},
             {"op":"replace","path":"/spec/x","value":"w"},
             {"op":"remove","path":"/spec/list/0"}]
            """);

        Assert.Equal("""{"metadata":{"labels":{"a/b":"1"}},"spec":{"list":[2,3],"x":"w","z":{"k":true}}}""", result);
    }

    [Fact]
    public void Apply_ArrayInsertAndAppend_PlaceElements()
    {
        var result = Apply("""[{"op":"add","path":"/spec/list/1","value":9},{"op":"add","path":"/spec/list/-","value":7}]""");

        Assert.Contains("\"list\":[1,9,2,3,7]", result, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_EscapedSlashInKey_AddressesTheLabel()
    {
        var result = Apply("""[{"op":"replace","path":"/metadata/labels/a~1b","value":"2"}]""");

        Assert.Contains("\"a/b\":\"2\"", result, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_MoveAndCopy_RelocateValues()
    {
        var result = Apply("""[{"op":"copy","from":"/spec/x","path":"/spec/x2"},{"op":"move","from":"/spec/list","path":"/moved"}]""");

        Assert.Equal("""{"metadata":{"labels":{"a/b":"1"}},"spec":{"x":"y","x2":"y"},"moved":[1,2,3]}""", result);
    }

    [Fact]
    public void Apply_FailingTest_RejectsWholePatchAsInvalid()
    {
        var error = Assert.Throws<KubeApiException>(() => Apply("""[{"op":"test","path":"/spec/x","value":"nope"},{"op":"remove","path":"/spec"}]"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Code);
    }

    [Fact]
    public void Apply_PassingTest_LetsLaterOperationsRun()
    {
        var result = Apply("""[{"op":"test","path":"/spec/x","value":"y"},{"op":"remove","path":"/spec/x"}]""");

        Assert.DoesNotContain("\"x\"", result, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"op":"remove","path":"/spec/missing"}]""")]
    [InlineData("""[{"op":"replace","path":"/nothing/here","value":1}]""")]
    [InlineData("""[{"op":"add","path":"/spec/list/10","value":1}]""")]
    public void Apply_PathThatDoesNotExist_IsInvalid(string ops)
    {
        var error = Assert.Throws<KubeApiException>(() => Apply(ops));

        Assert.Equal("Invalid", error.Reason);
    }

    [Fact]
    public void Apply_UnknownOperation_IsBadRequest()
    {
        var error = Assert.Throws<KubeApiException>(() => Apply("""[{"op":"frobnicate","path":"/spec"}]"""));

        Assert.Equal(HttpStatusCode.BadRequest, error.Code);
    }
}
