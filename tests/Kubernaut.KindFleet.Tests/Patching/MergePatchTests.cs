using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Patching;

namespace Kubernaut.KindFleet.Tests.Patching;

public sealed class MergePatchTests
{
    private static string Apply(string target, string patch) =>
        MergePatch.Apply(JsonNode.Parse(target), JsonNode.Parse(patch))!.ToJsonString();

    [Fact]
    public void Apply_NestedObjects_MergeRecursively()
    {
        Assert.Equal("""{"a":{"b":1,"c":2},"d":3}""", Apply("""{"a":{"b":1},"d":3}""", """{"a":{"c":2}}"""));
    }

    [Fact]
    public void Apply_NullValue_DeletesKey()
    {
        Assert.Equal("""{"a":{}}""", Apply("""{"a":{"b":1}}""", """{"a":{"b":null}}"""));
    }

    [Fact]
    public void Apply_Arrays_AreReplacedNotMerged()
    {
        Assert.Equal("""{"list":[{"name":"z"}]}""", Apply("""{"list":[{"name":"x"},{"name":"y"}]}""", """{"list":[{"name":"z"}]}"""));
    }

    [Fact]
    public void Apply_ScalarOverObject_Replaces()
    {
        Assert.Equal("""{"a":"flat"}""", Apply("""{"a":{"deep":true}}""", """{"a":"flat"}"""));
    }

    [Fact]
    public void Apply_ObjectOverScalar_BuildsObject()
    {
        Assert.Equal("""{"a":{"b":{"c":1}}}""", Apply("""{"a":"flat"}""", """{"a":{"b":{"c":1,"gone":null}}}"""));
    }
}
